-- The blocks a database file holds in use: a file shorter than its header plus these blocks was truncated
-- (free blocks are left out: a checkpoint may cut them off the end of the file).
SELECT block_size, total_blocks, used_blocks FROM pragma_database_size() WHERE database_name = current_database()
