-- Criteria ticked on the forms, by criterion and provider: the criteria -> provider links of the Sankey.
-- Returns: criterion ('aucun' for a form with none), provider, ticks (forms ticking it), weight (each form
-- split evenly over its criteria, so weights add up to the forms and the Sankey's stages balance).
-- Filters: NULL means all.
SELECT criterion, provider, count(*)::BIGINT AS ticks, sum(1.0 / n) AS weight
FROM (
    SELECT unnest(c) AS criterion, provider, len(c) AS n
    FROM (
        -- each criterion once a form already (child_year_live)
        SELECT provider, CASE WHEN len(criteria) = 0 THEN ['aucun'] ELSE criteria END AS c
        FROM page_forms($scope_provider, $school_year, $provider_type, $neighbourhood, $grade_band)
    )
)
GROUP BY ALL
ORDER BY provider, criterion
