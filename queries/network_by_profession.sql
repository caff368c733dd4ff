-- Participants of one school year by profession and institution type.
SELECT np.profession, np.institution_type, sum(np.participants)::BIGINT AS participants
FROM network_sessions ns JOIN network_participants np ON np.session_id = ns.session_id
WHERE ns.school_year = $school_year
GROUP BY ALL
ORDER BY np.profession, np.institution_type
