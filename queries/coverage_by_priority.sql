-- Coverage in priority areas (QPV) and in the other neighbourhoods, for one school year (filters: provider
-- type, grade band; NULL = all): one row per group, 'priority' then 'other', always both (0 when empty).
-- children_followed: distinct children 'inscrit' living there; children_of_age: reference population
-- matching the grade band (as in coverage_by_neighbourhood); coverage_rate per 100, NULL when no population.
-- A child with one form in the year (child_forms = 1, stored in child_year) is counted by counting rows; only
-- children with several forms are de-duplicated. One pass, no subquery per group.
WITH followed AS (
    SELECT priority_area,
           count(*) FILTER (WHERE child_forms = 1)
               + count(DISTINCT child_id) FILTER (WHERE child_forms > 1) AS children_followed
    FROM child_year
    WHERE school_year = $school_year AND outcome = 'inscrit' AND priority_area IS NOT NULL
      AND ($scope_provider IS NULL OR provider = $scope_provider)
      AND ($provider_type IS NULL OR provider_type = $provider_type)
      AND ($grade_band IS NULL OR grade_band = $grade_band)
    GROUP BY priority_area
),
population AS (
    SELECT priority_area,
           sum(CASE coalesce(CAST($grade_band AS VARCHAR), '')
                   WHEN 'elementaire' THEN children_6_10
                   WHEN 'college' THEN children_11_14
                   WHEN 'lycee' THEN NULL
                   ELSE coalesce(children_6_10, 0) + coalesce(children_11_14, 0) END)::BIGINT AS children_of_age
    FROM neighbourhoods GROUP BY priority_area
),
groups AS (SELECT * FROM (VALUES ('priority', true, 1), ('other', false, 2)) g(area_group, priority_area, ord))
SELECT g.area_group,
       coalesce(f.children_followed, 0)::BIGINT AS children_followed,
       p.children_of_age,
       CASE WHEN p.children_of_age > 0 THEN 100.0 * coalesce(f.children_followed, 0) / p.children_of_age END
           AS coverage_rate
FROM groups g
LEFT JOIN population p ON p.priority_area = g.priority_area
LEFT JOIN followed f ON f.priority_area = g.priority_area
ORDER BY g.ord
