-- Référentiels: a school removed from the table and used by nothing.
DELETE FROM schools WHERE school_id = $school_id
