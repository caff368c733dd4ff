-- Référentiels: the schools x schemes table as the service edits it (one line per school and scheme).
SELECT s.name AS school, s.uai, sc.label AS scheme
FROM school_schemes ss JOIN schools s ON s.school_id = ss.school_id JOIN schemes sc ON sc.code = ss.scheme
ORDER BY s.name, sc.label
