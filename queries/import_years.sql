-- School years that have at least one imported file (any status), most recent first; a porteur's own files
-- only ($scope_provider, NULL = all).
SELECT DISTINCT i.school_year
FROM imports i
LEFT JOIN providers p ON p.provider_id = i.provider_id
WHERE $scope_provider IS NULL OR p.name = $scope_provider
ORDER BY i.school_year DESC
