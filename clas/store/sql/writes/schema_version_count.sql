-- Whether the file carries a schema version yet (0 on a new file).
SELECT count(*) FROM schema_version
