-- Bilan: each provider's team by status (from the « Équipe » sheet or the city's network workbook):
-- people and weekly hours (people x hours per week).
SELECT s.status AS row_key, 'personnes' AS col_key, sum(s.people)::DOUBLE AS value
FROM current_staff s JOIN (SELECT provider_id, name AS provider FROM providers) p ON p.provider_id = s.provider_id
WHERE s.school_year = $school_year AND ($provider IS NULL OR provider = $provider) AND ($scope_provider IS NULL OR provider = $scope_provider) GROUP BY ALL
UNION ALL
SELECT s.status, 'heures', coalesce(sum(s.people * s.hours_per_week), 0)::DOUBLE
FROM current_staff s JOIN (SELECT provider_id, name AS provider FROM providers) p ON p.provider_id = s.provider_id
WHERE s.school_year = $school_year AND ($provider IS NULL OR provider = $provider) AND ($scope_provider IS NULL OR provider = $scope_provider) GROUP BY ALL
ORDER BY 1, 2
