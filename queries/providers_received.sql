-- For school year $school_year, every provider of the reference and whether its file has been received
-- (its current file: imports.status = 'loaded'), with that file's name, date and counts. Missing ones first.
SELECT
    p.name AS provider,
    p.type AS provider_type,
    i.import_id IS NOT NULL AS received,
    i.file_name,
    i.imported_at,
    i.rows_loaded,
    i.rows_rejected,
    i.warnings
FROM providers p
LEFT JOIN imports i ON i.provider_id = p.provider_id AND i.school_year = $school_year AND i.status = 'loaded'
ORDER BY received, p.name COLLATE noaccent.nocase
