-- Every provider and every school of the reference, and the sessions of one school year each took part in
-- (0: never). kind: 'porteur' or 'ecole'.
WITH p AS (
    SELECT np.provider_id, np.school_id, np.session_id
    FROM network_sessions ns JOIN network_participants np ON np.session_id = ns.session_id
    WHERE ns.school_year = $school_year
)
SELECT 'porteur' AS kind, pr.name, n.name AS neighbourhood,
       (SELECT count(DISTINCT p.session_id) FROM p WHERE p.provider_id = pr.provider_id)::BIGINT AS sessions
FROM providers pr LEFT JOIN neighbourhoods n ON n.code = pr.neighbourhood_code
UNION ALL
SELECT 'ecole', s.name, n.name,
       (SELECT count(DISTINCT p.session_id) FROM p WHERE p.school_id = s.school_id)::BIGINT
FROM schools s LEFT JOIN neighbourhoods n ON n.code = s.neighbourhood_code
ORDER BY kind DESC, sessions DESC, name
