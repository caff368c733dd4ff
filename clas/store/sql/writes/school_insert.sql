-- Référentiels: a new school.
INSERT INTO schools (uai, name, type, neighbourhood_code, priority_education)
VALUES ($uai, $name, $type, $neighbourhood_code, $priority_education) RETURNING school_id
