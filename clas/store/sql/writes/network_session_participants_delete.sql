-- A session entered again (same date and title) replaces the previous one: its participants go first.
DELETE FROM network_participants WHERE session_id IN
    (SELECT session_id FROM network_sessions WHERE session_date = $session_date AND title = $title)
