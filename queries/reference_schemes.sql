-- Référentiels: the list of schemes (code, French label).
SELECT code, label FROM schemes ORDER BY label
