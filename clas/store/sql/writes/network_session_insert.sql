INSERT INTO network_sessions (school_year, session_date, title, theme, duration_hours, organiser,
                              network_file_id, entered_by)
VALUES ($school_year, $session_date, $title, $theme, $duration_hours, $organiser, $network_file_id, $entered_by)
RETURNING session_id
