-- Référentiels: a provider removed from the table and used by nothing.
DELETE FROM providers WHERE provider_id = $provider_id
