-- A loaded file: its name, hash, provider-year and counts (the import report's figures); it is the current one.
INSERT INTO imports (file_name, sha256, provider_id, school_year, imported_by, rows_read,
    rows_loaded, rows_rejected, warnings, parent_actions, status)
VALUES ($file_name, $sha256, $provider_id, $school_year, $imported_by, $rows_read, $rows_loaded, $rows_rejected,
        $warnings, $parent_actions, 'loaded') RETURNING import_id
