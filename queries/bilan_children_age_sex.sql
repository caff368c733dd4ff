-- Bilan (data/bilan.toml): children enrolled by age band (age reached in the calendar year the school year
-- starts) and sex. row_key: age band, col_key: sex. $provider NULL: the whole network.
SELECT CASE WHEN birth_year IS NULL THEN 'inconnu'
            WHEN CAST(left(school_year, 4) AS INTEGER) - birth_year <= 5 THEN 'moins_6'
            WHEN CAST(left(school_year, 4) AS INTEGER) - birth_year <= 10 THEN '6_10'
            WHEN CAST(left(school_year, 4) AS INTEGER) - birth_year <= 14 THEN '11_14'
            WHEN CAST(left(school_year, 4) AS INTEGER) - birth_year <= 17 THEN '15_17'
            ELSE '18_plus' END AS row_key,
       coalesce(sex, 'inconnu') AS col_key,
       count(DISTINCT child_id)::BIGINT AS value
FROM child_year
WHERE school_year = $school_year AND outcome = 'inscrit' AND ($provider IS NULL OR provider = $provider) AND ($scope_provider IS NULL OR provider = $scope_provider)
GROUP BY ALL
ORDER BY 1, 2
