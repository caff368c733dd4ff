-- Bilan: orientation forms by source (who oriented the child), all forms and those enrolled.
SELECT coalesce(source, 'inconnu') AS row_key, 'fiches' AS col_key, count(*)::BIGINT AS value
FROM child_year WHERE school_year = $school_year AND ($provider IS NULL OR provider = $provider) AND ($scope_provider IS NULL OR provider = $scope_provider) GROUP BY ALL
UNION ALL
SELECT coalesce(source, 'inconnu'), 'inscrits', count(*) FILTER (WHERE outcome = 'inscrit')::BIGINT
FROM child_year WHERE school_year = $school_year AND ($provider IS NULL OR provider = $provider) AND ($scope_provider IS NULL OR provider = $scope_provider) GROUP BY ALL
ORDER BY 1, 2
