-- The small-cell threshold set by the service (settings 'small_cell_threshold'): one row, or none (default 5).
SELECT value FROM settings WHERE name = 'small_cell_threshold'
