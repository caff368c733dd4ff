-- The blocks a database file says it holds: a file shorter than its header plus these blocks was truncated.
SELECT block_size, total_blocks FROM pragma_database_size() WHERE database_name = current_database()
