-- Orientation forms by provider and outcome (inscrit, liste_attente, refus_famille, sans_suite).
-- Returns: provider, outcome, forms. Filters: NULL means all.
SELECT provider, coalesce(outcome, 'non_renseigne') AS outcome, count(*)::BIGINT AS forms
FROM child_year
WHERE ($school_year IS NULL OR school_year = $school_year)
  AND ($provider_type IS NULL OR provider_type = $provider_type)
  AND ($neighbourhood IS NULL OR neighbourhood = $neighbourhood)
  AND ($grade_band IS NULL OR grade_band = $grade_band)
  AND ($scope_provider IS NULL OR provider = $scope_provider)
GROUP BY ALL
ORDER BY provider, outcome
