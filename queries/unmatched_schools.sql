-- Schools as written in the current files that match no reference school: one row per spelling, with how
-- many rows use it, which providers and which school years.
SELECT
    e.school_label,
    count(*)::BIGINT AS rows,
    string_agg(DISTINCT p.name, ', ' ORDER BY p.name) AS providers,
    string_agg(DISTINCT e.school_year, ', ' ORDER BY e.school_year) AS school_years
FROM enrolments e
JOIN imports i ON i.import_id = e.import_id AND i.status = 'loaded'
JOIN providers p ON p.provider_id = e.provider_id
WHERE e.school_id IS NULL AND e.school_label IS NOT NULL
GROUP BY e.school_label
ORDER BY rows DESC, e.school_label
