-- Bilan: sessions and attendance of the children enrolled. The registers give each child's sessions
-- attended, not the groups' calendars: the sessions held are estimated by the most attended in a group of
-- the provider (max), the attendance as the mean of the children's sessions attended over that maximum.
WITH c AS (
    SELECT provider, sessions_attended FROM child_year
    WHERE school_year = $school_year AND outcome = 'inscrit' AND ($provider IS NULL OR provider = $provider) AND ($scope_provider IS NULL OR provider = $scope_provider)
),
m AS (SELECT provider, max(sessions_attended) AS held FROM c GROUP BY provider)
SELECT 'enfants_suivis' AS row_key, 'valeur' AS col_key, count(*) FILTER (WHERE sessions_attended IS NOT NULL)::DOUBLE AS value FROM c
UNION ALL SELECT 'seances_suivies', 'valeur', coalesce(sum(sessions_attended), 0)::DOUBLE FROM c
UNION ALL SELECT 'moyenne_par_enfant', 'valeur', round(avg(sessions_attended), 1) FROM c
UNION ALL SELECT 'seances_proposees', 'valeur', max(held)::DOUBLE FROM m
UNION ALL SELECT 'assiduite_pct', 'valeur',
    round(100 * sum(c.sessions_attended) / nullif(sum(m.held) FILTER (WHERE c.sessions_attended IS NOT NULL), 0), 1)
FROM c JOIN m USING (provider)
ORDER BY 1, 2
