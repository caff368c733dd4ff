-- The Explorer's table: every measure it offers, grouped by up to two dimensions. Shipping the child-level
-- rows to pandas and grouping there took seconds at 100x demo scale (900,700 rows); here only the groups leave
-- DuckDB. The grouping dimensions are bound parameters ($dim1, $dim2: a name of the whitelist below, or NULL
-- for no grouping) picked by the CASEs, so no SQL is built from the user's choices; clas/metrics/explorer.py checks
-- the names, reads the measure chosen from these columns, labels and orders the groups.
-- Every filter is a list (NULL means all). Grouping by criterion counts a form in each criterion ticked on
-- it (the importer never stores a criterion twice for a form), and a form with none in a group of its own
-- (NULL, "Non renseigné").
-- Measures: children = distinct children 'inscrit' (a child followed by two providers counts once in a group
-- holding both); forms = rows; enrolled = forms 'inscrit', the base of the shares: reached (a parent meeting
-- or a collective action), welcomed (welcome interview), priority (lives in a priority area); sessions_total
-- and sessions_known give the mean sessions attended over the enrolled forms where it is known.
-- priority_area is grouped as text ('true'/'false'), like every other key.
--
-- Criteria are read as bits (child_year.criteria_bits; criterion_bits gives each code its bit, bit 63 is "no
-- criterion"), never by unnesting the lists: the forms are first aggregated by their keys and their set of
-- criteria (a few hundred sets), and only those aggregates are spread over the criteria they hold. A child's
-- criteria over several forms are the bit_or of theirs. Over all years at 100x this replaced an unnest of
-- ~2.7 million (form, criterion) rows and a DISTINCT over the (criterion, child) pairs: 184 -> 30 ms (p95).
WITH chosen AS NOT MATERIALIZED (    -- the forms the filters keep
    SELECT school_year, provider, provider_type, neighbourhood, priority_area, grade_band, grade, sex, source,
           outcome, exit_reason, child_id, child_forms, parent_meetings, parent_collective, welcome_interview,
           sessions_attended, criteria_bits
    FROM child_year
    WHERE ($scope_provider IS NULL OR provider = $scope_provider)
      AND ($school_years IS NULL OR list_contains($school_years, school_year))
      AND ($providers IS NULL OR list_contains($providers, provider))
      AND ($provider_types IS NULL OR list_contains($provider_types, provider_type))
      AND ($neighbourhoods IS NULL OR list_contains($neighbourhoods, neighbourhood))
      AND ($priority_areas IS NULL OR list_contains($priority_areas, priority_area))
      AND ($grade_bands IS NULL OR list_contains($grade_bands, grade_band))
      AND ($grades IS NULL OR list_contains($grades, grade))
      AND ($sexes IS NULL OR list_contains($sexes, sex))
      AND ($sources IS NULL OR list_contains($sources, source))
      AND ($outcomes IS NULL OR list_contains($outcomes, outcome))
      AND ($exit_reasons IS NULL OR list_contains($exit_reasons, exit_reason))
      AND ($criteria IS NULL OR list_has_any($criteria, criteria))

),
keyed AS NOT MATERIALIZED (    -- read by both aggregates: computing it twice is cheaper than storing it
    SELECT
        -- the keys of the dimensions other than criterion (a criterion dimension's key is NULL here)
        CASE $dim1 WHEN 'school_year' THEN school_year WHEN 'provider' THEN provider
            WHEN 'provider_type' THEN provider_type WHEN 'neighbourhood' THEN neighbourhood
            WHEN 'priority_area' THEN priority_area::VARCHAR WHEN 'grade_band' THEN grade_band
            WHEN 'grade' THEN grade WHEN 'sex' THEN sex WHEN 'source' THEN source WHEN 'outcome' THEN outcome
            WHEN 'exit_reason' THEN exit_reason END AS k1,
        CASE $dim2 WHEN 'school_year' THEN school_year WHEN 'provider' THEN provider
            WHEN 'provider_type' THEN provider_type WHEN 'neighbourhood' THEN neighbourhood
            WHEN 'priority_area' THEN priority_area::VARCHAR WHEN 'grade_band' THEN grade_band
            WHEN 'grade' THEN grade WHEN 'sex' THEN sex WHEN 'source' THEN source WHEN 'outcome' THEN outcome
            WHEN 'exit_reason' THEN exit_reason END AS k2,
        -- the set of criteria, only when grouping by criterion (else one set for all: NULL)
        CASE WHEN coalesce('criterion' IN ($dim1, $dim2), FALSE) THEN criteria_bits END AS bits,
        child_id,
        -- A child with a single form in its school year (child_forms = 1) is counted by counting rows, when
        -- every group lies within one school year (grouped by year, or one year chosen): it cannot be in a
        -- group twice. Only the other children go through the GROUP BY child_id, which is what costs.
        child_forms = 1 AND (coalesce('school_year' IN ($dim1, $dim2), FALSE)
                             OR coalesce(len($school_years) = 1, FALSE)) AS alone,
        outcome = 'inscrit' AS enrolled,
        coalesce(parent_meetings, 0) >= 1 OR coalesce(parent_collective, FALSE) AS reached,
        coalesce(welcome_interview, FALSE) AS welcomed,
        priority_area,
        sessions_attended
    FROM chosen
),
form_sets AS (   -- every measure per (keys, set of criteria): a few hundred rows
    SELECT k1, k2, bits,
           count(*) FILTER (WHERE enrolled AND alone) AS children_alone,
           count(*) AS forms,
           count(*) FILTER (WHERE enrolled) AS enrolled,
           count(*) FILTER (WHERE enrolled AND reached) AS reached,
           count(*) FILTER (WHERE enrolled AND welcomed) AS welcomed,
           count(*) FILTER (WHERE enrolled AND priority_area) AS priority,
           sum(sessions_attended) FILTER (WHERE enrolled) AS sessions_total,
           count(sessions_attended) FILTER (WHERE enrolled) AS sessions_known
    FROM keyed
    GROUP BY k1, k2, bits
),
child_sets AS (   -- the other children per (keys, set of criteria of all their enrolled forms in those keys)
    SELECT k1, k2, bits, count(*) AS children
    FROM (SELECT k1, k2, bit_or(bits) AS bits FROM keyed WHERE enrolled AND NOT alone GROUP BY k1, k2, child_id)
    GROUP BY k1, k2, bits
),
-- Each set of criteria spread over the criteria it holds (no criterion grouping: bits is NULL, no match,
-- the row stays once with a NULL criterion).
spread AS (
    SELECT s.bits, b.criterion
    FROM (SELECT bits FROM form_sets UNION SELECT bits FROM child_sets) s
    LEFT JOIN (SELECT criterion, bit FROM criterion_bits UNION ALL SELECT NULL, 63) b
           ON (s.bits >> b.bit) & 1 = 1
),
counts AS (
    SELECT CASE WHEN $dim1 = 'criterion' THEN sp.criterion ELSE f.k1 END AS g1,
           CASE WHEN $dim2 = 'criterion' THEN sp.criterion ELSE f.k2 END AS g2,
           sum(children_alone)::BIGINT AS children_alone, sum(forms)::BIGINT AS forms,
           sum(enrolled)::BIGINT AS enrolled, sum(reached)::BIGINT AS reached,
           sum(welcomed)::BIGINT AS welcomed, sum(priority)::BIGINT AS priority,
           sum(sessions_total)::BIGINT AS sessions_total, sum(sessions_known)::BIGINT AS sessions_known
    FROM form_sets f
    JOIN spread sp ON sp.bits IS NOT DISTINCT FROM f.bits
    GROUP BY ALL
),
others AS (
    SELECT CASE WHEN $dim1 = 'criterion' THEN sp.criterion ELSE c.k1 END AS g1,
           CASE WHEN $dim2 = 'criterion' THEN sp.criterion ELSE c.k2 END AS g2,
           sum(c.children)::BIGINT AS children_others
    FROM child_sets c
    JOIN spread sp ON sp.bits IS NOT DISTINCT FROM c.bits
    GROUP BY ALL
)
SELECT c.g1, c.g2, c.children_alone + coalesce(o.children_others, 0) AS children, c.forms, c.enrolled,
       c.reached, c.welcomed, c.priority, c.sessions_total, c.sessions_known
FROM counts c
LEFT JOIN others o ON o.g1 IS NOT DISTINCT FROM c.g1 AND o.g2 IS NOT DISTINCT FROM c.g2
