-- The schema version a database file carries (backup and restore check it before trusting a file).
SELECT max(version) AS version FROM schema_version
