-- The service deletes one session (entered by mistake).
DELETE FROM network_participants WHERE session_id = $session_id;
DELETE FROM network_sessions WHERE session_id = $session_id;
