-- A school name as providers write it (its text key), matched once by the service to a reference school;
-- later imports resolve it through this table.
INSERT OR REPLACE INTO school_aliases (alias_key, school_id) VALUES ($alias_key, $school_id)
