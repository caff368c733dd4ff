-- The stored aggregates over child_year (issue 12): what a page would otherwise recompute from 900,000
-- child-year rows on each run at 100x demo scale. Each is a view (*_live) and its stored copy, refreshed with
-- child_year by every writer (db.refresh_child_year, aggregates_refresh.sql), for the whole territory
-- (scope NULL) and for each provider's perimeter (scope = its name, what a porteur's account sees), so that
-- a page reads a few rows of one scope. Created after child_year is brought up to date (create_schema).

-- Key indicators by school year and scope (queries/key_indicators_by_year.sql; 187 ms at 100x when computed
-- on each run). Children are counted once per year and scope however many providers follow them; forms
-- (orientation sheets) are child_year rows.
CREATE OR REPLACE VIEW year_indicators_live AS
WITH cy AS (      -- each row twice: in the territory ('' until the end: NULL does not join) and its provider
    SELECT '' AS scope, school_year, child_id, child_forms, priority_area, parent_meetings, parent_collective,
           outcome, source, provider_id, school_id, school, entry_date, orientation_date
    FROM child_year
    UNION ALL
    SELECT provider AS scope, school_year, child_id, child_forms, priority_area, parent_meetings,
           parent_collective, outcome, source, provider_id, school_id, school, entry_date, orientation_date
    FROM child_year
),
followed AS (     -- one row per child followed ('inscrit'), school year and scope
    -- A child with a single form in the year is its own row: only the few with several forms (several
    -- providers) are grouped, instead of grouping ~70,000 child ids a year.
    SELECT scope, school_year,
           priority_area IS NOT NULL AS neighbourhood_known,
           coalesce(priority_area, false) AS in_priority_area,
           coalesce(parent_meetings, 0) >= 1 OR coalesce(parent_collective, false) AS family_reached
    FROM cy
    WHERE outcome = 'inscrit' AND child_forms = 1
    UNION ALL
    SELECT scope, school_year,
           bool_or(priority_area IS NOT NULL) AS neighbourhood_known,
           coalesce(bool_or(priority_area), false) AS in_priority_area,
           bool_or(coalesce(parent_meetings, 0) >= 1 OR coalesce(parent_collective, false)) AS family_reached
    FROM cy
    WHERE outcome = 'inscrit' AND child_forms > 1
    GROUP BY scope, school_year, child_id
),
children AS (
    SELECT scope, school_year,
           count(*) AS children_followed,
           count(*) FILTER (WHERE neighbourhood_known) AS children_neighbourhood_known,
           count(*) FILTER (WHERE in_priority_area) AS children_priority_area,
           count(*) FILTER (WHERE family_reached) AS families_reached
    FROM followed
    GROUP BY scope, school_year
),
schools AS (      -- the distinct (id, name) pairs first: a few hundred, instead of casting every row's id
    SELECT scope, school_year, count(DISTINCT coalesce(school_id::VARCHAR, school)) AS schools_orienting
    FROM (SELECT DISTINCT scope, school_year, school_id, school FROM cy WHERE source = 'enseignant')
    GROUP BY scope, school_year
),
forms AS (
    SELECT scope, school_year,
           count(*) AS forms,
           count(*) FILTER (WHERE source = 'enseignant') AS forms_teacher,
           count(DISTINCT provider_id) FILTER (WHERE outcome = 'inscrit') AS providers_active,
           count(*) FILTER (WHERE outcome = 'inscrit' AND entry_date IS NOT NULL
                            AND orientation_date IS NOT NULL) AS delays,
           median(entry_date - orientation_date) FILTER (WHERE outcome = 'inscrit' AND entry_date IS NOT NULL
                            AND orientation_date IS NOT NULL)::DOUBLE AS median_days_to_entry
    FROM cy
    GROUP BY scope, school_year
),
population AS (
    SELECT sum(coalesce(children_6_10, 0) + coalesce(children_11_14, 0))::BIGINT AS children_6_14
    FROM neighbourhoods
)
SELECT
    nullif(f.scope, '') AS scope,
    f.school_year,
    coalesce(c.children_followed, 0)::BIGINT AS children_followed,
    f.providers_active::BIGINT AS providers_active,
    coalesce(s.schools_orienting, 0)::BIGINT AS schools_orienting,
    coalesce(c.children_neighbourhood_known, 0)::BIGINT AS children_neighbourhood_known,
    coalesce(c.children_priority_area, 0)::BIGINT AS children_priority_area,
    -- over every child followed (issue 9): over the children with a known neighbourhood only, the share and
    -- the published QPV count gave that denominator back, hence the few children without one by difference
    c.children_priority_area / nullif(c.children_followed, 0) AS priority_area_share,
    p.children_6_14,
    100.0 * coalesce(c.children_neighbourhood_known, 0) / nullif(p.children_6_14, 0) AS coverage_rate,
    coalesce(c.families_reached, 0)::BIGINT AS families_reached,
    c.families_reached / nullif(c.children_followed, 0) AS families_reached_share,
    f.forms::BIGINT AS forms,
    f.forms_teacher::BIGINT AS forms_teacher,
    f.forms_teacher / nullif(f.forms, 0) AS teacher_share,
    f.delays::BIGINT AS delays,
    f.median_days_to_entry
FROM forms f
LEFT JOIN children c USING (scope, school_year)
LEFT JOIN schools s USING (scope, school_year)
CROSS JOIN population p;


-- The values the Explorer's filters offer, per scope (queries/explorer_options.sql): one row per (dimension,
-- value) present in child_year, as text (priority_area 'true'/'false'; criterion from the lists). One
-- DISTINCT per column, each reading one small dictionary-compressed column; the territory's values are the
-- providers' values de-duplicated.
CREATE OR REPLACE VIEW explorer_values_live AS
WITH per_provider AS (
    SELECT provider AS scope, 'school_year' AS dimension, v AS value FROM (SELECT DISTINCT provider, school_year AS v FROM child_year)
    UNION ALL SELECT provider, 'provider', v FROM (SELECT DISTINCT provider, provider AS v FROM child_year)
    UNION ALL SELECT provider, 'provider_type', v FROM (SELECT DISTINCT provider, provider_type AS v FROM child_year)
    UNION ALL SELECT provider, 'neighbourhood', v FROM (SELECT DISTINCT provider, neighbourhood AS v FROM child_year)
    UNION ALL SELECT provider, 'priority_area', v::VARCHAR FROM (SELECT DISTINCT provider, priority_area AS v FROM child_year)
    UNION ALL SELECT provider, 'grade_band', v FROM (SELECT DISTINCT provider, grade_band AS v FROM child_year)
    UNION ALL SELECT provider, 'grade', v FROM (SELECT DISTINCT provider, grade AS v FROM child_year)
    UNION ALL SELECT provider, 'sex', v FROM (SELECT DISTINCT provider, sex AS v FROM child_year)
    UNION ALL SELECT provider, 'source', v FROM (SELECT DISTINCT provider, source AS v FROM child_year)
    UNION ALL SELECT provider, 'outcome', v FROM (SELECT DISTINCT provider, outcome AS v FROM child_year)
    UNION ALL SELECT provider, 'exit_reason', v FROM (SELECT DISTINCT provider, exit_reason AS v FROM child_year)
    UNION ALL SELECT provider, 'criterion', v FROM (SELECT DISTINCT provider, unnest(criteria) AS v FROM child_year)
)
SELECT scope, dimension, value FROM per_provider WHERE value IS NOT NULL
UNION ALL
SELECT DISTINCT NULL::VARCHAR, dimension, value FROM per_provider WHERE value IS NOT NULL;

-- Forms and distinct children each school oriented, per school year and scope
-- (queries/school_schemes_overview.sql; a child is counted once per school, year and scope).
CREATE OR REPLACE VIEW school_orientations_live AS
SELECT NULL::VARCHAR AS scope, school_year, school_id, count(*)::BIGINT AS forms,
       count(DISTINCT child_id)::BIGINT AS children
FROM child_year
WHERE school_id IS NOT NULL
GROUP BY school_year, school_id
UNION ALL
SELECT provider, school_year, school_id, count(*)::BIGINT, count(DISTINCT child_id)::BIGINT
FROM child_year
WHERE school_id IS NOT NULL
GROUP BY provider, school_year, school_id;
