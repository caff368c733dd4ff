-- The schema's table macros and their definitions (an older file without this version's macros is upgraded).
SELECT function_name, macro_definition FROM duckdb_functions()
WHERE function_type = 'table_macro' AND schema_name = 'main' AND NOT internal AND database_name = current_database()
ORDER BY function_name
