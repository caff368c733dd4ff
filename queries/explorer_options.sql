-- The values the Explorer's filters offer: one row per (dimension, value) present in child_year, as text
-- (priority_area as 'true'/'false'; criterion from the lists of criteria). clas/metrics/explorer.py orders them.
-- One DISTINCT per column: each reads one small dictionary-compressed column, where packing every column of
-- every row into (dimension, value) structs first and de-duplicating those was ~10x slower at 100x demo scale.
-- cy is NOT MATERIALIZED so that each branch scans only its own column instead of a stored copy of all, and
-- the dimension's name is added after each DISTINCT: inside it, a constant key made the DISTINCTs ~4x slower.
WITH cy AS NOT MATERIALIZED (
    SELECT * FROM child_year WHERE ($scope_provider IS NULL OR provider = $scope_provider)
)
SELECT dimension, value FROM (
    SELECT 'school_year' AS dimension, v AS value FROM (SELECT DISTINCT school_year AS v FROM cy)
    UNION ALL SELECT 'provider', v FROM (SELECT DISTINCT provider AS v FROM cy)
    UNION ALL SELECT 'provider_type', v FROM (SELECT DISTINCT provider_type AS v FROM cy)
    UNION ALL SELECT 'neighbourhood', v FROM (SELECT DISTINCT neighbourhood AS v FROM cy)
    UNION ALL SELECT 'priority_area', v::VARCHAR FROM (SELECT DISTINCT priority_area AS v FROM cy)
    UNION ALL SELECT 'grade_band', v FROM (SELECT DISTINCT grade_band AS v FROM cy)
    UNION ALL SELECT 'grade', v FROM (SELECT DISTINCT grade AS v FROM cy)
    UNION ALL SELECT 'sex', v FROM (SELECT DISTINCT sex AS v FROM cy)
    UNION ALL SELECT 'source', v FROM (SELECT DISTINCT source AS v FROM cy)
    UNION ALL SELECT 'outcome', v FROM (SELECT DISTINCT outcome AS v FROM cy)
    UNION ALL SELECT 'exit_reason', v FROM (SELECT DISTINCT exit_reason AS v FROM cy)
    UNION ALL SELECT 'criterion', v FROM (SELECT DISTINCT unnest(criteria) AS v FROM cy)
)
WHERE value IS NOT NULL
ORDER BY dimension, value
