-- Bilan: families of the children enrolled reached by each kind of involvement the register records.
SELECT 'entretien_accueil' AS row_key, 'familles' AS col_key,
       count(DISTINCT child_id) FILTER (WHERE welcome_interview)::BIGINT AS value
FROM child_year WHERE school_year = $school_year AND outcome = 'inscrit' AND ($provider IS NULL OR provider = $provider) AND ($scope_provider IS NULL OR provider = $scope_provider)
UNION ALL
SELECT 'reunion', 'familles', count(DISTINCT child_id) FILTER (WHERE parent_meetings > 0)::BIGINT
FROM child_year WHERE school_year = $school_year AND outcome = 'inscrit' AND ($provider IS NULL OR provider = $provider) AND ($scope_provider IS NULL OR provider = $scope_provider)
UNION ALL
SELECT 'collectif', 'familles', count(DISTINCT child_id) FILTER (WHERE parent_collective)::BIGINT
FROM child_year WHERE school_year = $school_year AND outcome = 'inscrit' AND ($provider IS NULL OR provider = $provider) AND ($scope_provider IS NULL OR provider = $scope_provider)
UNION ALL
SELECT 'enfants', 'familles', count(DISTINCT child_id)::BIGINT
FROM child_year WHERE school_year = $school_year AND outcome = 'inscrit' AND ($provider IS NULL OR provider = $provider) AND ($scope_provider IS NULL OR provider = $scope_provider)
ORDER BY 1, 2
