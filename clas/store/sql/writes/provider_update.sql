-- Référentiels: an edited provider, matched by its id.
UPDATE providers SET name = $name, type = $type, neighbourhood_code = $neighbourhood_code,
latitude = $latitude, longitude = $longitude WHERE provider_id = $provider_id
