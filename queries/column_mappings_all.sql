-- Every column mapping saved by the service, by provider: provider, header_key (the header as normalised
-- by textnorm.key), field.
SELECT p.name AS provider, m.header_key, m.field
FROM column_mappings m
JOIN providers p ON p.provider_id = m.provider_id
ORDER BY p.name COLLATE noaccent.nocase, m.header_key
