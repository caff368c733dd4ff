-- The column mapping a user saved for this provider (header key -> field): the importer reads headers with it.
SELECT header_key, field FROM column_mappings WHERE provider_id = $provider_id
