-- Référentiels: a new provider with its facts (a provider named by an import is provider_insert).
INSERT INTO providers (name, type, neighbourhood_code, latitude, longitude)
VALUES ($name, $type, $neighbourhood_code, $latitude, $longitude) RETURNING provider_id
