-- Share of orientation forms on which each criterion is ticked, by grade band.
-- Returns: grade_band, criterion, forms (forms ticking it), band_forms (all forms of the band), share (0-1).
-- Forms with no criterion still count in band_forms. Filters: NULL means all.
WITH f AS (
    SELECT grade_band, criteria
    FROM page_forms($scope_provider, $school_year, $provider_type, $neighbourhood, $grade_band)
),
bands AS (SELECT grade_band, count(*)::BIGINT AS band_forms FROM f GROUP BY grade_band),
ticks AS (
    SELECT grade_band, criterion, count(*)::BIGINT AS forms
    FROM (SELECT grade_band, unnest(criteria) AS criterion FROM f)  -- each once a form (child_year_live)
    GROUP BY ALL
)
SELECT t.grade_band, t.criterion, t.forms, b.band_forms, t.forms / b.band_forms AS share
FROM ticks t JOIN bands b USING (grade_band)
ORDER BY CASE t.grade_band WHEN 'elementaire' THEN 1 WHEN 'college' THEN 2 ELSE 3 END, share DESC, criterion
