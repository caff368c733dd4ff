-- Each issue of an older report stood for one row.
INSERT INTO import_issues (import_id, sheet, "row", "column", severity, message)
SELECT import_id, sheet, "row", "column", severity, message FROM import_issues_v1;
DROP TABLE import_issues_v1;
