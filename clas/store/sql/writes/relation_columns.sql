-- A table's or view's columns and types, in order (an older file's derived relations are compared with
-- this version's to decide whether to upgrade it).
SELECT column_name, data_type FROM information_schema.columns
WHERE table_schema = 'main' AND table_catalog = current_database() AND table_name = $name
ORDER BY ordinal_position
