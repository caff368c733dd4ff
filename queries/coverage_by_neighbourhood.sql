-- Coverage by neighbourhood for one school year (filters: provider type, grade band; NULL = all).
-- One row per neighbourhood of the reference table (row_kind 'neighbourhood': a neighbourhood with no CLAS
-- child has 0, it is not missing), one row 'Quartier non renseigné' (row_kind 'unknown': children whose
-- neighbourhood is missing or not in the reference), one row 'Ensemble' (row_kind 'total').
-- children_followed: distinct children 'inscrit'; forms: orientation forms (child_year rows) of any outcome;
-- waiting_list: forms 'liste_attente'; children_of_age: the reference population matching the grade band
-- (6-10 for élémentaire, 11-14 for collège, none for lycée, 6-14 otherwise); coverage_rate: children followed
-- per 100 children of the age, NULL when that population is 0 or unknown (never a division by zero).
-- The total's rate counts the children whose neighbourhood is known (the territory's coverage rate).
-- Children are counted without de-duplicating every child id: a child with one form in the year
-- (child_forms = 1, child_year's stored count) counts once wherever it is; only children with several forms
-- go through count(DISTINCT). The totals add those up once, not per neighbourhood.
WITH cy AS MATERIALIZED (   -- child_year read once (one school year)
    SELECT child_id, outcome, child_forms = 1 AS single,
           CASE WHEN priority_area IS NULL THEN NULL ELSE neighbourhood_code END AS code
    FROM child_year
    WHERE school_year = $school_year
      AND ($scope_provider IS NULL OR provider = $scope_provider)
      AND ($provider_type IS NULL OR provider_type = $provider_type)
      AND ($grade_band IS NULL OR grade_band = $grade_band)
),
counts AS (
    SELECT code,
           count(*) FILTER (WHERE outcome = 'inscrit' AND single)
               + count(DISTINCT child_id) FILTER (WHERE outcome = 'inscrit' AND NOT single) AS children_followed,
           count(*) AS forms,
           count(*) FILTER (WHERE outcome = 'liste_attente') AS waiting_list
    FROM cy GROUP BY code
),
totals AS (
    SELECT count(*) FILTER (WHERE outcome = 'inscrit' AND single)
               + count(DISTINCT child_id) FILTER (WHERE outcome = 'inscrit' AND NOT single) AS children_followed,
           count(*) FILTER (WHERE outcome = 'inscrit' AND single AND code IS NOT NULL)
               + count(DISTINCT child_id) FILTER (WHERE outcome = 'inscrit' AND NOT single AND code IS NOT NULL)
               AS children_known,
           count(*) AS forms,
           count(*) FILTER (WHERE outcome = 'liste_attente') AS waiting_list
    FROM cy
),
population AS (
    SELECT code, name, priority_area,
           CASE coalesce(CAST($grade_band AS VARCHAR), '')
               WHEN 'elementaire' THEN children_6_10
               WHEN 'college' THEN children_11_14
               WHEN 'lycee' THEN NULL
               ELSE CASE WHEN children_6_10 IS NULL AND children_11_14 IS NULL THEN NULL
                         ELSE coalesce(children_6_10, 0) + coalesce(children_11_14, 0) END
           END::BIGINT AS children_of_age
    FROM neighbourhoods
),
neighbourhood_rows AS (
    SELECT 'neighbourhood' AS row_kind, p.code, p.name, p.priority_area,
           coalesce(c.children_followed, 0) AS children_followed, p.children_of_age,
           coalesce(c.forms, 0) AS forms, coalesce(c.waiting_list, 0) AS waiting_list,
           coalesce(c.children_followed, 0) AS children_for_rate
    FROM population p LEFT JOIN counts c ON c.code = p.code
),
unknown_row AS (
    SELECT 'unknown' AS row_kind, NULL::VARCHAR AS code, 'Quartier non renseigné' AS name,
           NULL::BOOLEAN AS priority_area,
           coalesce(max(children_followed), 0) AS children_followed, NULL::BIGINT AS children_of_age,
           coalesce(max(forms), 0) AS forms, coalesce(max(waiting_list), 0) AS waiting_list,
           NULL AS children_for_rate
    FROM counts WHERE code IS NULL
),
total_row AS (
    SELECT 'total' AS row_kind, NULL::VARCHAR AS code, 'Ensemble' AS name, NULL::BOOLEAN AS priority_area,
           t.children_followed, (SELECT sum(children_of_age) FROM population)::BIGINT AS children_of_age,
           t.forms, t.waiting_list,
           t.children_known AS children_for_rate     -- the territory's rate: children whose neighbourhood is known
    FROM totals t
)
SELECT row_kind, code, name, priority_area,
       children_followed::BIGINT AS children_followed, children_of_age,
       CASE WHEN children_of_age > 0 THEN 100.0 * children_for_rate / children_of_age END AS coverage_rate,
       forms::BIGINT AS forms, waiting_list::BIGINT AS waiting_list
FROM (SELECT * FROM neighbourhood_rows UNION ALL SELECT * FROM unknown_row UNION ALL SELECT * FROM total_row)
ORDER BY CASE row_kind WHEN 'neighbourhood' THEN 0 WHEN 'unknown' THEN 1 ELSE 2 END, name
