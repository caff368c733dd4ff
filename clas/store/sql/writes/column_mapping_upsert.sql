-- Imports page: a header of this provider's files maps to this field from now on (replaces an earlier choice).
INSERT OR REPLACE INTO column_mappings (provider_id, header_key, field) VALUES ($provider_id, $header_key, $field)
