-- Élu view of « Dispositifs et écoles »: per neighbourhood, the schools, how many offer each scheme
-- (scheme, schools_with), how many oriented no one to CLAS in the year (white_zone_schools), and the
-- children oriented from its schools (small-cell rule applied by the page). No count per school.
WITH oriented AS (
    SELECT school_id, count(DISTINCT child_id)::BIGINT AS children
    FROM child_year
    WHERE school_year = $school_year AND school_id IS NOT NULL
      AND ($scope_provider IS NULL OR provider = $scope_provider)
    GROUP BY school_id
),
kids AS (
    SELECT s.neighbourhood_code, count(DISTINCT c.child_id)::BIGINT AS children
    FROM child_year c JOIN schools s ON s.school_id = c.school_id
    WHERE c.school_year = $school_year AND ($scope_provider IS NULL OR c.provider = $scope_provider)
    GROUP BY 1
),
per AS (
    SELECT s.neighbourhood_code, count(*)::BIGINT AS schools,
           count(*) FILTER (WHERE o.school_id IS NULL)::BIGINT AS white_zone_schools
    FROM schools s LEFT JOIN oriented o ON o.school_id = s.school_id
    GROUP BY 1
)
SELECT n.code, n.name AS neighbourhood, n.priority_area, per.schools, per.white_zone_schools,
       coalesce(k.children, 0)::BIGINT AS children, sc.code AS scheme, sc.label AS scheme_label,
       (SELECT count(*) FROM school_schemes ss JOIN schools s2 ON s2.school_id = ss.school_id
        WHERE ss.scheme = sc.code AND s2.neighbourhood_code = n.code)::BIGINT AS schools_with
FROM neighbourhoods n
JOIN per ON per.neighbourhood_code = n.code
LEFT JOIN kids k ON k.neighbourhood_code = n.code
CROSS JOIN schemes sc
ORDER BY n.name, sc.label
