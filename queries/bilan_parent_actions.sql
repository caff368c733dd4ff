-- Bilan: parent actions by type (actions held, families present summed over the actions).
SELECT type AS row_key, 'actions' AS col_key, count(*)::BIGINT AS value
FROM current_parent_actions WHERE school_year = $school_year AND ($provider IS NULL OR provider = $provider) AND ($scope_provider IS NULL OR provider = $scope_provider) GROUP BY ALL
UNION ALL
SELECT type, 'familles', coalesce(sum(families_present), 0)::BIGINT
FROM current_parent_actions WHERE school_year = $school_year AND ($provider IS NULL OR provider = $provider) AND ($scope_provider IS NULL OR provider = $scope_provider) GROUP BY ALL
ORDER BY 1, 2
