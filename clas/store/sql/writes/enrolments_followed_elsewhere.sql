-- Rows of the file being imported (registered frame ids) whose child another provider's current file of the
-- same school year follows too. Never the other provider's name: a porteur must not learn who else follows a
-- child (issue 9); the warning says « un autre porteur ».
SELECT DISTINCT ids.sheet, ids.source_row
FROM ids
JOIN enrolments e ON e.child_id = ids.child_id
JOIN imports i ON i.import_id = e.import_id AND i.status = 'loaded'
WHERE e.school_year = $school_year AND e.provider_id <> $provider_id
ORDER BY ids.sheet, ids.source_row
