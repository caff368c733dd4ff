-- The Explorer's table: every measure it offers, grouped by up to two dimensions. Shipping the child-level
-- rows to pandas and grouping there took seconds at 100x demo scale (900,700 rows); here only the groups leave
-- DuckDB. The grouping dimensions are bound parameters ($dim1, $dim2: a name of the whitelist below, or NULL
-- for no grouping) picked by the CASEs, so no SQL is built from the user's choices; clas/metrics/explorer.py checks
-- the names, reads the measure chosen from these columns, labels and orders the groups.
-- Every filter is a list (NULL means all). Grouping by criterion counts a form in each criterion ticked on
-- it (the importer never stores a criterion twice for a form), and a form with none in a group of its own
-- (NULL, "Non renseigné"); other groupings do not unnest.
-- Measures: children = distinct children 'inscrit' (a child followed by two providers counts once in a group
-- holding both); forms = rows; enrolled = forms 'inscrit', the base of the shares: reached (a parent meeting
-- or a collective action), welcomed (welcome interview), priority (lives in a priority area); sessions_total
-- and sessions_known give the mean sessions attended over the enrolled forms where it is known.
-- priority_area is grouped as text ('true'/'false'), like every other key.
WITH chosen AS NOT MATERIALIZED (    -- the forms the filters keep
    SELECT school_year, provider, provider_type, neighbourhood, priority_area, grade_band, grade, sex, source,
           outcome, exit_reason, child_id, child_forms, parent_meetings, parent_collective, welcome_interview,
           sessions_attended, criteria
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
-- Only a grouping by criterion unnests the lists (two branches, one of them empty): unnesting every form's
-- list into itself cost ~20 ms of ~80 at 100x scale when criteria were not grouped.
forms AS NOT MATERIALIZED (
    SELECT * EXCLUDE (criteria), NULL::VARCHAR AS criterion
    FROM chosen WHERE NOT coalesce('criterion' IN ($dim1, $dim2), FALSE)
    UNION ALL
    SELECT * EXCLUDE (criteria), unnest(CASE WHEN len(criteria) > 0 THEN criteria ELSE [NULL::VARCHAR] END)
    FROM chosen WHERE coalesce('criterion' IN ($dim1, $dim2), FALSE)
),
keyed AS NOT MATERIALIZED (    -- read by both aggregates: computing it twice is cheaper than storing it
    SELECT
        CASE $dim1 WHEN 'school_year' THEN school_year WHEN 'provider' THEN provider
            WHEN 'provider_type' THEN provider_type WHEN 'neighbourhood' THEN neighbourhood
            WHEN 'priority_area' THEN priority_area::VARCHAR WHEN 'grade_band' THEN grade_band
            WHEN 'grade' THEN grade WHEN 'sex' THEN sex WHEN 'source' THEN source WHEN 'outcome' THEN outcome
            WHEN 'exit_reason' THEN exit_reason WHEN 'criterion' THEN criterion END AS g1,
        CASE $dim2 WHEN 'school_year' THEN school_year WHEN 'provider' THEN provider
            WHEN 'provider_type' THEN provider_type WHEN 'neighbourhood' THEN neighbourhood
            WHEN 'priority_area' THEN priority_area::VARCHAR WHEN 'grade_band' THEN grade_band
            WHEN 'grade' THEN grade WHEN 'sex' THEN sex WHEN 'source' THEN source WHEN 'outcome' THEN outcome
            WHEN 'exit_reason' THEN exit_reason WHEN 'criterion' THEN criterion END AS g2,
        child_id,
        -- A child with a single form in its school year (child_forms = 1) is counted by counting rows, when
        -- every group lies within one school year (grouped by year, or one year chosen): it cannot be in a
        -- group twice. Only the other children go through the DISTINCT, which is what costs.
        child_forms = 1 AND (coalesce('school_year' IN ($dim1, $dim2), FALSE)
                             OR coalesce(len($school_years) = 1, FALSE)) AS alone,
        outcome = 'inscrit' AS enrolled,
        coalesce(parent_meetings, 0) >= 1 OR coalesce(parent_collective, FALSE) AS reached,
        coalesce(welcome_interview, FALSE) AS welcomed,
        priority_area,
        sessions_attended
    FROM forms
),
counts AS (
    SELECT g1, g2,
           count(*) FILTER (WHERE enrolled AND alone) AS children_alone,
           count(*) AS forms,
           count(*) FILTER (WHERE enrolled) AS enrolled,
           count(*) FILTER (WHERE enrolled AND reached) AS reached,
           count(*) FILTER (WHERE enrolled AND welcomed) AS welcomed,
           count(*) FILTER (WHERE enrolled AND priority_area) AS priority,
           sum(sessions_attended) FILTER (WHERE enrolled)::BIGINT AS sessions_total,
           count(sessions_attended) FILTER (WHERE enrolled) AS sessions_known
    FROM keyed
    GROUP BY g1, g2
),
others AS (   -- the rows are filtered before they are de-duplicated (a FILTER on count(DISTINCT) is not)
    SELECT g1, g2, count(*) AS children_others
    FROM (SELECT DISTINCT g1, g2, child_id FROM keyed WHERE enrolled AND NOT alone)
    GROUP BY g1, g2
)
SELECT c.g1, c.g2, c.children_alone + coalesce(o.children_others, 0) AS children, c.forms, c.enrolled,
       c.reached, c.welcomed, c.priority, c.sessions_total, c.sessions_known
FROM counts c
LEFT JOIN others o ON o.g1 IS NOT DISTINCT FROM c.g1 AND o.g2 IS NOT DISTINCT FROM c.g2
