-- A session entered again (same date and title) replaces the previous one (after its participants).
DELETE FROM network_sessions WHERE session_date = $session_date AND title = $title
