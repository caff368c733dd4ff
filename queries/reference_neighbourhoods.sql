-- The neighbourhoods reference table, by name, with how many rows of the current files live in each.
SELECT
    n.code,
    n.name,
    n.priority_area,
    n.children_6_10,
    n.children_11_14,
    (SELECT count(*) FROM enrolments e JOIN imports i ON i.import_id = e.import_id AND i.status = 'loaded'
     WHERE e.neighbourhood_code = n.code)::BIGINT AS rows
FROM neighbourhoods n
ORDER BY n.name COLLATE noaccent.nocase
