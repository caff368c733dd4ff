-- Children followed by more than one provider in school year $school_year (current files): the
-- pseudonymous id, the providers and the grade each wrote. Service use only: one row per child.
SELECT
    child_id,
    count(DISTINCT provider)::BIGINT AS providers_count,
    string_agg(provider || ' (' || grade || ')', ', ' ORDER BY provider) AS providers
FROM child_year
WHERE school_year = $school_year AND ($scope_provider IS NULL OR provider = $scope_provider)
GROUP BY child_id
HAVING count(DISTINCT provider) > 1
ORDER BY providers_count DESC, providers
