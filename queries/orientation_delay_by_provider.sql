-- Days from orientation to entry (entry_date - orientation_date) of the children accompanied (inscrits with
-- both dates), per provider and for all providers together (provider NULL, is_total TRUE).
-- Returns: provider, is_total, children, minimum, q1, median, q3, maximum, mean. Filters: NULL means all.
SELECT provider,
       grouping(provider) = 1 AS is_total,
       count(*)::BIGINT AS children,
       min(delay) AS minimum,
       quantile_cont(delay, 0.25) AS q1,
       quantile_cont(delay, 0.5) AS median,
       quantile_cont(delay, 0.75) AS q3,
       max(delay) AS maximum,
       avg(delay) AS mean
FROM (
    SELECT provider, date_diff('day', orientation_date, entry_date) AS delay
    FROM child_year
    WHERE outcome = 'inscrit' AND orientation_date IS NOT NULL AND entry_date IS NOT NULL
      AND ($school_year IS NULL OR school_year = $school_year)
      AND ($provider_type IS NULL OR provider_type = $provider_type)
      AND ($neighbourhood IS NULL OR neighbourhood = $neighbourhood)
      AND ($grade_band IS NULL OR grade_band = $grade_band)
      AND ($scope_provider IS NULL OR provider = $scope_provider)
)
GROUP BY GROUPING SETS ((provider), ())
ORDER BY is_total, median, provider
