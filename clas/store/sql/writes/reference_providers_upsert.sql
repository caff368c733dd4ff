-- Providers of the reference folder (registered frame pr) are upserted by name, so the provider ids that
-- imports hold stay valid.
UPDATE providers SET type = p.type, neighbourhood_code = p.neighbourhood_code, latitude = p.latitude,
       longitude = p.longitude
FROM pr p WHERE providers.name = p.name;
INSERT INTO providers BY NAME SELECT name, type, neighbourhood_code, latitude, longitude
FROM pr WHERE name NOT IN (SELECT name FROM providers);
