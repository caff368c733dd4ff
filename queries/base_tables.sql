-- The stored tables of a database file (a backup's check reads each one through).
SELECT table_name FROM information_schema.tables
WHERE table_schema = 'main' AND table_type = 'BASE TABLE' AND table_catalog = current_database()
ORDER BY table_name
