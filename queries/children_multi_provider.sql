-- Children followed by more than one provider in school year $school_year (current files): the
-- pseudonymous id, the providers and the grade each wrote. Service use only: one row per child.
-- child_forms > 1 keeps only the children with several forms that year (child_year's stored count) before
-- grouping, instead of grouping every child of the year; the HAVING still checks the providers differ.
-- child_id breaks ties so that children with the same providers always come in the same order.
SELECT
    child_id,
    count(DISTINCT provider)::BIGINT AS providers_count,
    string_agg(provider || ' (' || grade || ')', ', ' ORDER BY provider) AS providers
FROM child_year
WHERE school_year = $school_year AND child_forms > 1
  AND ($scope_provider IS NULL OR provider = $scope_provider)
GROUP BY child_id
HAVING count(DISTINCT provider) > 1
ORDER BY providers_count DESC, providers, child_id
