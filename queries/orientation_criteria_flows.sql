-- Criteria ticked on the forms, by criterion and provider: the criteria -> provider links of the Sankey
-- (a form counts once per criterion ticked). Returns: criterion, provider, ticks. Filters: NULL means all.
SELECT criterion, provider, count(*)::BIGINT AS ticks
FROM (
    SELECT unnest(criteria) AS criterion, provider
    FROM child_year
    WHERE ($school_year IS NULL OR school_year = $school_year)
      AND ($provider_type IS NULL OR provider_type = $provider_type)
      AND ($neighbourhood IS NULL OR neighbourhood = $neighbourhood)
      AND ($grade_band IS NULL OR grade_band = $grade_band)
)
GROUP BY ALL
ORDER BY provider, criterion
