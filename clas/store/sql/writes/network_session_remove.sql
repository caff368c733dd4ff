-- The service deletes one session (entered by mistake), after its participants.
DELETE FROM network_sessions WHERE session_id = $session_id
