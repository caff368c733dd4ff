-- Criteria ticked on the forms, by criterion and provider: the criteria -> provider links of the Sankey.
-- Returns: criterion ('aucun' for a form with none), provider, ticks (forms ticking it), weight (each form
-- split evenly over its criteria, so weights add up to the forms and the Sankey's stages balance).
-- Filters: NULL means all.
SELECT criterion, provider, count(*)::BIGINT AS ticks, sum(1.0 / n) AS weight
FROM (
    SELECT unnest(c) AS criterion, provider, len(c) AS n
    FROM (
        SELECT provider, CASE WHEN len(criteria) = 0 THEN ['aucun'] ELSE list_distinct(criteria) END AS c
        FROM child_year
        WHERE ($school_year IS NULL OR school_year = $school_year)
          AND ($provider_type IS NULL OR provider_type = $provider_type)
          AND ($neighbourhood IS NULL OR neighbourhood = $neighbourhood)
          AND ($grade_band IS NULL OR grade_band = $grade_band)
          AND ($scope_provider IS NULL OR provider = $scope_provider)
    )
)
GROUP BY ALL
ORDER BY provider, criterion
