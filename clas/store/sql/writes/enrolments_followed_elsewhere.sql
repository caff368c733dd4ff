-- Children of the file being imported (registered frame ids) that another provider's current file of the same
-- school year follows too: one warning per row of the file.
SELECT ids.sheet, ids.source_row, string_agg(DISTINCT p.name, ', ' ORDER BY p.name) AS others
FROM ids
JOIN enrolments e ON e.child_id = ids.child_id
JOIN imports i ON i.import_id = e.import_id AND i.status = 'loaded'
JOIN providers p ON p.provider_id = e.provider_id
WHERE e.school_year = $school_year AND e.provider_id <> $provider_id
GROUP BY ALL ORDER BY ids.sheet, ids.source_row
