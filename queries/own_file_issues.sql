-- The problems found at import in the current file of each provider for school year $school_year (what a
-- porteur must correct): provider, file, sheet, row, column, severity ('error' rejected the row, 'warning'
-- imported it), message. A porteur sees its own files only ($scope_provider).
SELECT
    p.name AS provider,
    i.file_name,
    x.sheet,
    x."row",
    x."column",
    x.severity,
    x.message
FROM import_issues x
JOIN imports i ON i.import_id = x.import_id AND i.status = 'loaded'
JOIN providers p ON p.provider_id = i.provider_id
WHERE i.school_year = $school_year
  AND ($scope_provider IS NULL OR p.name = $scope_provider)
ORDER BY p.name, x.severity, x.sheet, x."row"
