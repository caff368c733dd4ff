-- The service deletes one session (entered by mistake): its participants first.
DELETE FROM network_participants WHERE session_id = $session_id
