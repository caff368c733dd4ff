-- Référentiels: how many imports and saved column mappings point to a provider (in use: kept, not deleted).
SELECT (SELECT count(*) FROM imports WHERE provider_id = $provider_id)
     + (SELECT count(*) FROM column_mappings WHERE provider_id = $provider_id)
