-- The database was built as the embedded demo (the demo accounts work only while no other file is imported).
INSERT OR REPLACE INTO settings VALUES ('demo', 'true')
