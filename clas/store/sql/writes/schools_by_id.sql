-- Référentiels: the schools already there, to match edited rows by id, UAI or name.
SELECT school_id, uai, name FROM schools
