-- A provider named by a user (an import's option, a saved column mapping) and absent from the reference:
-- created with its name only and flagged, so that Référentiels asks for its type and neighbourhood.
INSERT INTO providers (name, created_by_import) VALUES ($name, TRUE) RETURNING provider_id
