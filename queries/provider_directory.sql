-- The « Annuaire CLAS »: each provider's public facts (no child data), for a teacher or a family. Public:
-- every role sees every provider here (column `name`, as in provider_sites).
SELECT p.name, p.type, n.name AS neighbourhood, p.latitude, p.longitude, d.address, d.grade_min,
       d.grade_max, d.schedule, d.contact, d.places_available
FROM providers p
LEFT JOIN provider_directory d ON d.provider_id = p.provider_id
LEFT JOIN neighbourhoods n ON n.code = p.neighbourhood_code
WHERE NOT p.created_by_import OR d.provider_id IS NOT NULL
ORDER BY n.name, p.name
