-- What withdrawing import $import_id would do: the file itself and the earlier file that would become
-- current again (NULL columns when none: the provider-year would have no data). One row, or none.
SELECT
    i.import_id,
    i.file_name,
    p.name AS provider,
    i.school_year,
    i.rows_loaded,
    i.status,
    prev.import_id AS restored_id,
    prev.file_name AS restored_file,
    prev.rows_loaded AS restored_rows,
    prev.imported_at AS restored_at
FROM imports i
LEFT JOIN providers p ON p.provider_id = i.provider_id
LEFT JOIN LATERAL (
    SELECT import_id, file_name, rows_loaded, imported_at FROM imports s
    WHERE s.provider_id = i.provider_id AND s.school_year = i.school_year AND s.status = 'superseded'
      AND s.import_id < i.import_id
    ORDER BY s.imported_at DESC, s.import_id DESC LIMIT 1
) prev ON TRUE
WHERE i.import_id = $import_id
