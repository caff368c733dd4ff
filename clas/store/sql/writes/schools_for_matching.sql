-- Every reference school, to match the names providers write.
SELECT school_id, name, uai, type FROM schools
