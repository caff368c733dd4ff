-- Imports page: forget a saved mapping of one header of one provider (returns the count deleted).
DELETE FROM column_mappings WHERE provider_id = $provider_id AND header_key = $header_key
