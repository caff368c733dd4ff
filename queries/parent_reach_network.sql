-- The network's anonymised distribution of the share of families reached by a collective action, for a
-- porteur to place its own rate (issue 9): one row, never a provider's name or count.
-- Deliberately NOT scoped to the porteur (clas/auth/roles.py, NETWORK): it is the only thing a porteur
-- reads about the others, so it returns only
--   providers  how many providers have at least `threshold` families (the ones the quartiles are over),
--   overall    reached / families over every provider (the funnel's overall rate, same definition),
--   q1, median, q3  quartiles of the providers' rates (providers of at least `threshold` families),
-- and all of them NULL (providers still given) unless at least `min_providers` providers qualify and the
-- families of the qualifying providers number at least `threshold` (filters can leave a tiny network).
-- Same filters and same definition of a family as parent_reach_by_unit.sql (one row per inscrit form).
WITH units AS (
    SELECT provider,
           count(*) AS families,
           count(*) FILTER (WHERE coalesce(parent_meetings, 0) >= 1 OR coalesce(parent_collective, FALSE)) AS reached
    FROM child_year
    WHERE outcome = 'inscrit'
      AND school_year = $school_year
      AND ($provider_type IS NULL OR provider_type = $provider_type)
      AND ($neighbourhood IS NULL OR neighbourhood = $neighbourhood)
      AND ($grade_band IS NULL OR grade_band = $grade_band)
    GROUP BY provider
),
big AS (SELECT * FROM units WHERE families >= $threshold),
stats AS (
    SELECT (SELECT count(*) FROM big) AS providers,
           (SELECT sum(reached) / nullif(sum(families), 0) FROM units) AS overall,
           quantile_cont(reached / families, 0.25) AS q1,
           quantile_cont(reached / families, 0.5) AS median,
           quantile_cont(reached / families, 0.75) AS q3
    FROM big
)
SELECT providers::BIGINT AS providers,
       CASE WHEN providers >= $min_providers THEN overall END AS overall,
       CASE WHEN providers >= $min_providers THEN q1 END AS q1,
       CASE WHEN providers >= $min_providers THEN median END AS median,
       CASE WHEN providers >= $min_providers THEN q3 END AS q3
FROM stats
