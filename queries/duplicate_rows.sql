-- The same child written twice in one register, as reported at import (import_issues), for the current
-- files of school year $school_year: provider, file, sheet, row and message.
SELECT
    p.name AS provider,
    i.file_name,
    x.sheet,
    x."row",
    x.message
FROM import_issues x
JOIN imports i ON i.import_id = x.import_id AND i.status = 'loaded'
JOIN providers p ON p.provider_id = i.provider_id
WHERE i.school_year = $school_year AND x.message LIKE 'Même enfant que %'
ORDER BY p.name, x.sheet, x."row"
