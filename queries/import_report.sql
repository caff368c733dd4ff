-- The stored report of one import (what the Imports history opens, and what an identical re-upload shows):
-- the file's counts, then one row per reported problem (grouped: first row, row count, row ranges), in
-- the order they were reported. A porteur opens only its own provider's imports.
SELECT
    i.import_id,
    i.file_name,
    coalesce(p.name, '(porteur supprimé)') AS provider,
    i.school_year,
    i.imported_at,
    i.status,
    i.rows_read,
    i.rows_loaded,
    i.rows_rejected,
    i.parent_actions,
    x.sheet,
    x."row",
    x."column",
    x.severity,
    x.message,
    x.row_count,
    x.row_ranges
FROM imports i
LEFT JOIN providers p ON p.provider_id = i.provider_id
LEFT JOIN import_issues x ON x.import_id = i.import_id
WHERE i.import_id = $import_id
  AND ($scope_provider IS NULL OR p.name = $scope_provider)
ORDER BY x.rowid NULLS FIRST
