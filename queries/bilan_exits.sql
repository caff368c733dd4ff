-- Bilan: children enrolled by exit reason ('present': no exit date nor reason, still there).
SELECT coalesce(exit_reason, CASE WHEN exit_date IS NULL THEN 'present' ELSE 'inconnu' END) AS row_key,
       'enfants' AS col_key, count(DISTINCT child_id)::BIGINT AS value
FROM child_year WHERE school_year = $school_year AND outcome = 'inscrit' AND ($provider IS NULL OR provider = $provider) AND ($scope_provider IS NULL OR provider = $scope_provider)
GROUP BY ALL
ORDER BY 1, 2
