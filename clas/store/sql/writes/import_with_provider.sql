-- One import with its provider's name (withdrawal checks that it is the current file first).
SELECT i.file_name, i.provider_id, p.name, i.school_year, i.status
FROM imports i LEFT JOIN providers p ON p.provider_id = i.provider_id
WHERE i.import_id = $import_id
