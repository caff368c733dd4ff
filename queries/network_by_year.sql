-- The network's life per school year (issue 15): sessions held, hours, participants, the share of them from
-- the Éducation nationale (teachers and school heads), and how many providers and schools took part at least
-- once. No child data: counts of professionals at training sessions.
WITH s AS (
    SELECT ns.school_year, ns.session_id, ns.duration_hours, np.profession, np.institution_type, np.provider_id,
           np.school_id, np.participants
    FROM network_sessions ns LEFT JOIN network_participants np ON np.session_id = ns.session_id
)
SELECT school_year,
       count(DISTINCT session_id)::BIGINT AS sessions,
       coalesce(sum(participants), 0)::BIGINT AS participants,
       coalesce(sum(participants) FILTER (WHERE profession IN ('enseignant', 'direction_ecole')), 0)::BIGINT
           AS education_nationale,
       count(DISTINCT provider_id)::BIGINT AS providers_present,
       count(DISTINCT school_id)::BIGINT AS schools_present,
       (SELECT coalesce(sum(x.duration_hours), 0) FROM network_sessions x WHERE x.school_year = s.school_year)
           AS hours
FROM s
GROUP BY school_year
ORDER BY school_year
