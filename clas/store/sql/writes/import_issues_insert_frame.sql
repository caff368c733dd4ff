-- The import report's lines, stored with the file (registered frame iss_df) so the page can show them again.
INSERT INTO import_issues SELECT import_id, sheet, "row", "column", severity, message, row_count, row_ranges FROM iss_df
