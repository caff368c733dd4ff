-- The values the Explorer's filters offer: one row per (dimension, value) present in child_year, as text
-- (priority_area as 'true'/'false'; criterion from the lists of criteria). clas/explorer.py orders them.
-- One DISTINCT per column: each reads one small dictionary-compressed column, where packing every column of
-- every row into (dimension, value) structs first and de-duplicating those was ~10x slower at 100x demo scale.
-- cy is NOT MATERIALIZED so that each branch scans only its own column instead of a stored copy of all.
WITH cy AS NOT MATERIALIZED (
    SELECT * FROM child_year WHERE ($scope_provider IS NULL OR provider = $scope_provider)
)
SELECT dimension, value FROM (
    SELECT DISTINCT 'school_year' AS dimension, school_year AS value FROM cy
    UNION ALL SELECT DISTINCT 'provider', provider FROM cy
    UNION ALL SELECT DISTINCT 'provider_type', provider_type FROM cy
    UNION ALL SELECT DISTINCT 'neighbourhood', neighbourhood FROM cy
    -- the cast after the DISTINCT: three values to cast instead of every row
    UNION ALL SELECT 'priority_area', v::VARCHAR FROM (SELECT DISTINCT priority_area AS v FROM cy)
    UNION ALL SELECT DISTINCT 'grade_band', grade_band FROM cy
    UNION ALL SELECT DISTINCT 'grade', grade FROM cy
    UNION ALL SELECT DISTINCT 'sex', sex FROM cy
    UNION ALL SELECT DISTINCT 'source', source FROM cy
    UNION ALL SELECT DISTINCT 'outcome', outcome FROM cy
    UNION ALL SELECT DISTINCT 'exit_reason', exit_reason FROM cy
    UNION ALL SELECT DISTINCT 'criterion', unnest(criteria) FROM cy
)
WHERE value IS NOT NULL
ORDER BY dimension, value
