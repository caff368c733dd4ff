-- Référentiels: an edited school, matched by its id.
UPDATE schools SET uai = $uai, name = $name, type = $type, neighbourhood_code = $neighbourhood_code,
priority_education = $priority_education WHERE school_id = $school_id
