-- The Explorer's rows: one per child x provider x school year (a form), with the fields the Explorer groups
-- by and the flags its measures count. Every filter is a list (NULL means all), so the user's choices are
-- bound parameters and no SQL is ever built from them; the grouping is done by clas/explorer.py.
-- child_id is returned only so that "children accompanied" counts a child once; pages never show it.
SELECT school_year, provider, provider_type, neighbourhood, priority_area, grade_band, grade, sex, source,
       outcome, exit_reason, criteria, child_id,
       outcome = 'inscrit' AS enrolled,
       coalesce(parent_meetings, 0) >= 1 OR coalesce(parent_collective, FALSE) AS reached,
       coalesce(welcome_interview, FALSE) AS welcomed,
       sessions_attended
FROM child_year
WHERE ($scope_provider IS NULL OR provider = $scope_provider)
  AND ($school_years IS NULL OR list_contains($school_years, school_year))
  AND ($providers IS NULL OR list_contains($providers, provider))
  AND ($provider_types IS NULL OR list_contains($provider_types, provider_type))
  AND ($neighbourhoods IS NULL OR list_contains($neighbourhoods, neighbourhood))
  AND ($priority_areas IS NULL OR list_contains($priority_areas, priority_area))
  AND ($grade_bands IS NULL OR list_contains($grade_bands, grade_band))
  AND ($grades IS NULL OR list_contains($grades, grade))
  AND ($sexes IS NULL OR list_contains($sexes, sex))
  AND ($sources IS NULL OR list_contains($sources, source))
  AND ($outcomes IS NULL OR list_contains($outcomes, outcome))
  AND ($exit_reasons IS NULL OR list_contains($exit_reasons, exit_reason))
  AND ($criteria IS NULL OR list_has_any($criteria, criteria))
ORDER BY school_year, provider
