-- Values offered by the global filters: one row per (dimension, value), in display order. School years and
-- providers are those of the signed-in user's perimeter ($scope_provider: a porteur's provider, NULL = all).
SELECT dimension, value FROM (
    SELECT 'school_year' AS dimension, school_year AS value, 0 AS ord
    FROM (SELECT DISTINCT school_year FROM child_year WHERE ($scope_provider IS NULL OR provider = $scope_provider))
    UNION ALL
    SELECT 'provider_type', type, CASE type WHEN 'municipal' THEN 1 ELSE 2 END
    FROM (SELECT DISTINCT type FROM providers WHERE type IS NOT NULL)
    UNION ALL
    SELECT 'neighbourhood', name, 0 FROM neighbourhoods
    UNION ALL
    SELECT 'grade_band', band, ord FROM (VALUES ('elementaire', 1), ('college', 2), ('lycee', 3)) g(band, ord)
    UNION ALL
    SELECT 'provider', name, 0 FROM providers WHERE ($scope_provider IS NULL OR name = $scope_provider)
)
ORDER BY dimension, ord, value
