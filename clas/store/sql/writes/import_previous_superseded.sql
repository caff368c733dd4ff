-- The file a withdrawal makes current again: the latest superseded import of the same provider-year before it.
SELECT import_id, file_name FROM imports
WHERE provider_id = $provider_id AND school_year = $school_year AND status = 'superseded' AND import_id < $import_id
ORDER BY imported_at DESC, import_id DESC LIMIT 1
