-- Bilan: children enrolled living in a priority area (QPV) or not, or neighbourhood not given.
SELECT CASE WHEN priority_area THEN 'qpv' WHEN priority_area IS NULL THEN 'inconnu' ELSE 'hors_qpv' END AS row_key,
       'enfants' AS col_key, count(DISTINCT child_id)::BIGINT AS value
FROM child_year
WHERE school_year = $school_year AND outcome = 'inscrit' AND ($provider IS NULL OR provider = $provider) AND ($scope_provider IS NULL OR provider = $scope_provider)
GROUP BY ALL
ORDER BY 1, 2
