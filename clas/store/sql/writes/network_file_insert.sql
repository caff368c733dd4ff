-- A network workbook (sessions and teams) imported: returns its id.
INSERT INTO network_files (file_name, sha256, imported_by, sessions, staff_rows)
VALUES ($file_name, $sha256, $imported_by, $sessions, $staff_rows)
RETURNING network_file_id
