-- Every imported file, most recent first: when, by whom, which file, provider, school year, counts, status
-- ('loaded' = current file of its provider-year, 'superseded' = replaced by a later file, 'withdrawn').
SELECT
    i.import_id,
    i.imported_at,
    i.imported_by,
    i.file_name,
    coalesce(p.name, '(porteur supprimé)') AS provider,
    i.school_year,
    i.rows_read,
    i.rows_loaded,
    i.rows_rejected,
    i.warnings,
    i.parent_actions,
    i.status
FROM imports i
LEFT JOIN providers p ON p.provider_id = i.provider_id
WHERE $scope_provider IS NULL OR p.name = $scope_provider
ORDER BY i.imported_at DESC, i.import_id DESC
