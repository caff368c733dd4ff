-- Share of filled values per provider and field in the current files of school year $school_year, long
-- format (provider, field, filled 0-1, rows = how many rows the share is computed on). Fields that only
-- apply to some children use those rows only: entry date, sessions and parent fields for enrolled children
-- (outcome 'inscrit'), exit reason for children with an exit date. school_matched = school found in the
-- reference (not only written).
WITH e AS (
    SELECT
        p.name AS provider,
        e.*,
        c.sex,
        c.birth_year,
        e.enrolment_id IN (SELECT enrolment_id FROM orientation_criteria) AS has_criteria,
        e.outcome = 'inscrit' AS enrolled
    FROM enrolments e
    JOIN imports i ON i.import_id = e.import_id AND i.status = 'loaded'
    JOIN providers p ON p.provider_id = e.provider_id
    JOIN children c ON c.child_id = e.child_id
    WHERE e.school_year = $school_year
),
shares AS (
    SELECT
        provider,
        avg((sex IS NOT NULL)::DOUBLE) AS sex,
        avg((school_label IS NOT NULL OR school_id IS NOT NULL)::DOUBLE) AS school,
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
