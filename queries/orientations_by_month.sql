-- Orientation forms by month of the orientation date, in school-year order (September = 1 ... August = 12).
-- Returns: month (1-12, calendar), month_rank (1 = September), forms. Undated forms are left out.
-- Filters: NULL means all.
SELECT month(orientation_date) AS month,
       (month(orientation_date) + 3) % 12 + 1 AS month_rank,
       count(*)::BIGINT AS forms
FROM child_year
WHERE orientation_date IS NOT NULL
  AND ($school_year IS NULL OR school_year = $school_year)
  AND ($provider_type IS NULL OR provider_type = $provider_type)
  AND ($neighbourhood IS NULL OR neighbourhood = $neighbourhood)
  AND ($grade_band IS NULL OR grade_band = $grade_band)
  AND ($scope_provider IS NULL OR provider = $scope_provider)
GROUP BY ALL
ORDER BY month_rank
