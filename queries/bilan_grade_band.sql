-- Bilan: children enrolled by grade band (one column).
SELECT grade_band AS row_key, 'enfants' AS col_key, count(DISTINCT child_id)::BIGINT AS value
FROM child_year
WHERE school_year = $school_year AND outcome = 'inscrit' AND ($provider IS NULL OR provider = $provider) AND ($scope_provider IS NULL OR provider = $scope_provider)
GROUP BY ALL
ORDER BY 1, 2
