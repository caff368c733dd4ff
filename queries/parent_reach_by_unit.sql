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
    FROM child_year
    WHERE outcome = 'inscrit'
      AND ($provider_type IS NULL OR provider_type = $provider_type)
      AND ($neighbourhood IS NULL OR neighbourhood = $neighbourhood)
      AND ($grade_band IS NULL OR grade_band = $grade_band)
      AND ($scope_provider IS NULL OR provider = $scope_provider)
)
WHERE unit IS NOT NULL
GROUP BY ALL
ORDER BY school_year, unit
