-- Orientation forms by month of the orientation date, in school-year order (September = 1 ... August = 12).
-- Returns: month (1-12, calendar), month_rank (1 = September), forms. Undated forms are left out.
-- Filters: NULL means all.
SELECT month(orientation_date) AS month,
       (month(orientation_date) + 3) % 12 + 1 AS month_rank,
       count(*)::BIGINT AS forms
FROM page_forms($scope_provider, $school_year, $provider_type, $neighbourhood, $grade_band)
WHERE orientation_date IS NOT NULL
GROUP BY ALL
ORDER BY month_rank
