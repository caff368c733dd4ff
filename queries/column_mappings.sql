-- The column mapping the service saved for one provider ($provider: its name): header_key -> field.
SELECT m.header_key, m.field
FROM column_mappings m
JOIN providers p ON p.provider_id = m.provider_id
WHERE p.name = $provider AND ($scope_provider IS NULL OR p.name = $scope_provider)
ORDER BY m.header_key
