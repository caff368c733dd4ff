-- Parent actions of the current files by provider and action type, for one school year.
-- Returns: provider, type, actions (number of actions), families_present (sum over the actions; a family
-- coming twice counts twice). Filters (NULL means all): provider type, and the provider's neighbourhood.
SELECT a.provider, a.type, count(*)::BIGINT AS actions,
       coalesce(sum(a.families_present), 0)::BIGINT AS families_present
FROM current_parent_actions a
LEFT JOIN neighbourhoods n ON n.code = a.provider_neighbourhood
WHERE ($school_year IS NULL OR a.school_year = $school_year)
  AND ($provider_type IS NULL OR a.provider_type = $provider_type)
  AND ($neighbourhood IS NULL OR n.name = $neighbourhood)
  AND ($scope_provider IS NULL OR a.provider = $scope_provider)
GROUP BY ALL
ORDER BY a.provider, a.type
