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
    FROM page_forms($scope_provider, $school_year, $provider_type, $neighbourhood, $grade_band)
    WHERE outcome = 'inscrit' AND orientation_date IS NOT NULL AND entry_date IS NOT NULL
)
GROUP BY GROUPING SETS ((provider), ())
ORDER BY is_total, median, provider
