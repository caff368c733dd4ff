-- Key indicators of the landing page: one row per school year, every year (the cards read the chosen year
-- and the previous one, the trend lines all of them), for the whole territory or the porteur's own provider.
-- Stored by every writer with child_year (year_indicators_live in clas/store/sql/schema.sql says how each is
-- counted). Counts behind each rate are returned too: small-cell suppression needs them
-- (clas/domain/disclosure.py).
SELECT * EXCLUDE (scope)
FROM year_indicators
WHERE scope IS NOT DISTINCT FROM $scope_provider
ORDER BY school_year
