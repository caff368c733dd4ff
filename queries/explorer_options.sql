-- The values the Explorer's filters offer: one row per (dimension, value) present in child_year, as text
-- (priority_area as 'true'/'false'; criterion from the lists of criteria). clas/explorer.py orders them.
SELECT DISTINCT dimension, value FROM (
    SELECT unnest([
        {'dimension': 'school_year', 'value': school_year},
        {'dimension': 'provider', 'value': provider},
        {'dimension': 'provider_type', 'value': provider_type},
        {'dimension': 'neighbourhood', 'value': neighbourhood},
        {'dimension': 'priority_area', 'value': priority_area::VARCHAR},
        {'dimension': 'grade_band', 'value': grade_band},
        {'dimension': 'grade', 'value': grade},
        {'dimension': 'sex', 'value': sex},
        {'dimension': 'source', 'value': source},
        {'dimension': 'outcome', 'value': outcome},
        {'dimension': 'exit_reason', 'value': exit_reason}
    ], recursive := true)
    FROM child_year
    WHERE ($scope_provider IS NULL OR provider = $scope_provider)
    UNION ALL
    SELECT 'criterion', unnest(criteria) FROM child_year WHERE ($scope_provider IS NULL OR provider = $scope_provider)
)
WHERE value IS NOT NULL
ORDER BY dimension, value
