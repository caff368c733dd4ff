-- The schema version a new file is created with (restore checks it before swapping a file in).
INSERT INTO schema_version VALUES ($version)
