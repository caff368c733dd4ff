-- Share of filled values per provider and field in the current files of school year $school_year, long
-- format (provider, field, filled 0-1, rows = how many rows the share is computed on). Fields that only
-- apply to some children use those rows only: entry date, sessions and parent fields for enrolled children
-- (outcome 'inscrit'), exit reason for children with an exit date. school_matched = school found in the
-- reference (not only written).
-- The rows are child_year's (the current files, already joined to providers and children) rather than
-- enrolments re-joined to imports, providers and children with a subquery over every criterion ticked: one
-- school year of one stored table. school is the reference name or, failing that, the label written, so
-- "school written" is school_id or school present.
WITH e AS (
    SELECT
        provider, sex, school_id, neighbourhood_code, pre, source, orientation_date, outcome, entry_date,
        exit_date, exit_reason, sessions_attended, welcome_interview, parent_meetings, parent_collective,
        school IS NOT NULL OR school_id IS NOT NULL AS school_written,
        len(criteria) > 0 AS has_criteria,
        outcome = 'inscrit' AS enrolled
    FROM child_year
    WHERE school_year = $school_year AND ($scope_provider IS NULL OR provider = $scope_provider)
),
shares AS (
    SELECT
        provider,
        avg((sex IS NOT NULL)::DOUBLE) AS sex,
        avg(school_written::DOUBLE) AS school,
        avg((school_id IS NOT NULL)::DOUBLE) AS school_matched,
        avg((neighbourhood_code IS NOT NULL)::DOUBLE) AS neighbourhood,
        avg((pre IS NOT NULL)::DOUBLE) AS pre,
        avg((source IS NOT NULL)::DOUBLE) AS source,
        avg((orientation_date IS NOT NULL)::DOUBLE) AS orientation_date,
        avg(has_criteria::DOUBLE) AS criteria,
        avg((outcome IS NOT NULL)::DOUBLE) AS outcome,
        avg(CASE WHEN enrolled THEN (entry_date IS NOT NULL)::DOUBLE END) AS entry_date,
        avg(CASE WHEN exit_date IS NOT NULL THEN (exit_reason IS NOT NULL)::DOUBLE END) AS exit_reason,
        avg(CASE WHEN enrolled THEN (sessions_attended IS NOT NULL)::DOUBLE END) AS sessions_attended,
        avg(CASE WHEN enrolled THEN (welcome_interview IS NOT NULL)::DOUBLE END) AS welcome_interview,
        avg(CASE WHEN enrolled THEN (parent_meetings IS NOT NULL)::DOUBLE END) AS parent_meetings,
        avg(CASE WHEN enrolled THEN (parent_collective IS NOT NULL)::DOUBLE END) AS parent_collective,
        count(*)::BIGINT AS n_all,
        count(*) FILTER (WHERE enrolled)::BIGINT AS n_enrolled,
        count(*) FILTER (WHERE exit_date IS NOT NULL)::BIGINT AS n_exited
    FROM e
    GROUP BY provider
)
SELECT
    provider,
    field,
    filled,
    CASE WHEN field IN ('entry_date', 'sessions_attended', 'welcome_interview', 'parent_meetings',
                        'parent_collective') THEN n_enrolled
         WHEN field = 'exit_reason' THEN n_exited
         ELSE n_all END AS rows
FROM (UNPIVOT shares ON sex, school, school_matched, neighbourhood, pre, source, orientation_date, criteria,
      outcome, entry_date, exit_reason, sessions_attended, welcome_interview, parent_meetings, parent_collective
      INTO NAME field VALUE filled)
ORDER BY provider, field
