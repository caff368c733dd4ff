-- Providers' sites for the coverage map: providers with coordinates that sent a register for the school
-- year (filter: provider type, NULL = all). One row per provider: name, type, neighbourhood, lat/lon.
SELECT p.name, p.type, n.name AS neighbourhood, p.latitude, p.longitude
FROM providers p
LEFT JOIN neighbourhoods n ON n.code = p.neighbourhood_code
WHERE p.latitude IS NOT NULL AND p.longitude IS NOT NULL
  AND ($provider_type IS NULL OR p.type = $provider_type)
  AND ($scope_provider IS NULL OR p.name = $scope_provider)
  AND EXISTS (SELECT 1 FROM child_year c WHERE c.provider_id = p.provider_id AND c.school_year = $school_year)
ORDER BY p.name
