-- The schools reference table, by name, with how many rows of the current files point to each school.
SELECT
    s.school_id,
    s.uai,
    s.name,
    s.type,
    s.neighbourhood_code,
    s.priority_education,
    (SELECT count(*) FROM enrolments e JOIN imports i ON i.import_id = e.import_id AND i.status = 'loaded'
     WHERE e.school_id = s.school_id)::BIGINT AS rows
FROM schools s
ORDER BY s.name COLLATE noaccent.nocase
