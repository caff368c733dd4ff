-- Référentiels: the providers' public facts as the service edits them (every provider, facts or not).
SELECT p.name AS provider, d.address, d.grade_min, d.grade_max, d.schedule, d.contact, d.places_available
FROM providers p LEFT JOIN provider_directory d ON d.provider_id = p.provider_id
ORDER BY p.name
