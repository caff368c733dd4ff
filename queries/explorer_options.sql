-- The values the Explorer's filters offer: one row per (dimension, value) present in child_year, as text
-- (priority_area as 'true'/'false'; criterion from the lists of criteria), for the whole territory or the
-- porteur's own provider. Stored by every writer (explorer_values_live in
-- clas/store/sql/writes/aggregates_schema.sql); clas/metrics/explorer.py orders them.
SELECT dimension, value
FROM explorer_values
WHERE scope IS NOT DISTINCT FROM $scope_provider
ORDER BY dimension, value
