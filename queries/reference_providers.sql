-- The providers reference table, by name, with how many files each has sent (imports of any status).
SELECT
    p.provider_id,
    p.name,
    p.type,
    p.neighbourhood_code,
    p.latitude,
    p.longitude,
    p.created_by_import,
    (SELECT count(*) FROM imports i WHERE i.provider_id = p.provider_id)::BIGINT AS files
FROM providers p
ORDER BY p.name COLLATE noaccent.nocase
