-- Orientation forms by provider and outcome (inscrit, liste_attente, refus_famille, sans_suite).
-- Returns: provider, outcome, forms. Filters: NULL means all.
SELECT provider, coalesce(outcome, 'non_renseigne') AS outcome, count(*)::BIGINT AS forms
FROM page_forms($scope_provider, $school_year, $provider_type, $neighbourhood, $grade_band)
GROUP BY ALL
ORDER BY provider, outcome
