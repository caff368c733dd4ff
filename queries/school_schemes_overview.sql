-- Service view: each school of the reference, its schemes, the pupils it oriented to CLAS in one school
-- year (forms and distinct children, all providers) and in all years; a school that oriented no one in the
-- year is a « zone blanche ». Counts per school: never for the élus (domain rule), see
-- schemes_by_neighbourhood.
WITH oriented AS (   -- stored per school, year and scope by every writer (school_orientations_live)
    SELECT school_id, sum(forms) FILTER (WHERE school_year = $school_year)::BIGINT AS forms,
           sum(children) FILTER (WHERE school_year = $school_year)::BIGINT AS children,
           sum(forms)::BIGINT AS forms_all_years
    FROM school_orientations
    WHERE scope IS NOT DISTINCT FROM $scope_provider
    GROUP BY school_id
)
SELECT s.school_id, s.uai, s.name AS school, s.type, n.name AS neighbourhood, s.neighbourhood_code,
       s.priority_education,
       coalesce((SELECT string_agg(sc.label, ', ' ORDER BY sc.label) FROM school_schemes ss
                 JOIN schemes sc ON sc.code = ss.scheme WHERE ss.school_id = s.school_id), '') AS schemes,
       (SELECT count(*) FROM school_schemes ss WHERE ss.school_id = s.school_id)::BIGINT AS scheme_count,
       coalesce(o.forms, 0)::BIGINT AS forms, coalesce(o.children, 0)::BIGINT AS children,
       coalesce(o.forms_all_years, 0)::BIGINT AS forms_all_years,
       coalesce(o.forms, 0) = 0 AS white_zone
FROM schools s
LEFT JOIN neighbourhoods n ON n.code = s.neighbourhood_code
LEFT JOIN oriented o ON o.school_id = s.school_id
ORDER BY n.name, s.name
