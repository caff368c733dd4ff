-- Parent engagement per unit and school year, for every year (the funnel uses one year, the trend all).
-- Unit: the provider ($level = 'provider') or the child's neighbourhood ($level = 'neighbourhood').
-- Returns: school_year, unit, families (children accompanied = inscrits), reached (families touched by a
-- collective action: parent_meetings >= 1 or parent_collective), welcomed (welcome interview held).
-- Children with no known neighbourhood are left out of the neighbourhood level. Filters: NULL means all.
SELECT school_year, unit,
       count(*)::BIGINT AS families,
       count(*) FILTER (WHERE coalesce(parent_meetings, 0) >= 1 OR coalesce(parent_collective, FALSE))::BIGINT
           AS reached,
       count(*) FILTER (WHERE coalesce(welcome_interview, FALSE))::BIGINT AS welcomed
FROM (
    SELECT *, CASE WHEN $level = 'neighbourhood' THEN neighbourhood ELSE provider END AS unit
    FROM page_forms($scope_provider, NULL, $provider_type, $neighbourhood, $grade_band)
    WHERE outcome = 'inscrit'
)
WHERE unit IS NOT NULL
GROUP BY ALL
ORDER BY school_year, unit
