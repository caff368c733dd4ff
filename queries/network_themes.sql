-- Themes covered in one school year: sessions, hours and participants per theme.
SELECT ns.theme, count(DISTINCT ns.session_id)::BIGINT AS sessions,
       coalesce(sum(ns.duration_hours), 0) AS hours,
       coalesce(sum(p.participants), 0)::BIGINT AS participants
FROM network_sessions ns
LEFT JOIN (SELECT session_id, sum(participants) AS participants FROM network_participants GROUP BY 1) p
       ON p.session_id = ns.session_id
WHERE ns.school_year = $school_year
GROUP BY ns.theme
ORDER BY sessions DESC, ns.theme
