-- Providers by name, to match the provider named in a file.
SELECT provider_id, name FROM providers
