-- Providers with a current register in the school year (the bilans the command line writes), in name order.
SELECT DISTINCT provider FROM child_year
WHERE school_year = $school_year AND ($scope_provider IS NULL OR provider = $scope_provider)
ORDER BY provider
