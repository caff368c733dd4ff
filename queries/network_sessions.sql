-- The sessions of one school year, with their participants in all.
SELECT ns.session_id, ns.session_date, ns.title, ns.theme, ns.duration_hours, ns.organiser,
       coalesce(sum(np.participants), 0)::BIGINT AS participants,
       ns.network_file_id IS NULL AS entered_in_form
FROM network_sessions ns LEFT JOIN network_participants np ON np.session_id = ns.session_id
WHERE ns.school_year = $school_year
GROUP BY ALL
ORDER BY ns.session_date, ns.title
