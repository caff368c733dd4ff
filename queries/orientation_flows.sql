-- Orientation forms (every child_year row) by source, provider and outcome: the links of the Sankey.
-- Returns: source, provider, outcome, forms. Filters: NULL means all.
SELECT source, provider, outcome, count(*)::BIGINT AS forms
FROM page_forms($scope_provider, $school_year, $provider_type, $neighbourhood, $grade_band)
GROUP BY ALL
ORDER BY provider, source, outcome
