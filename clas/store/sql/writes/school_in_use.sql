-- Référentiels: how many rows point to a school (in use: kept rather than deleted).
SELECT (SELECT count(*) FROM enrolments WHERE school_id = $school_id)
     + (SELECT count(*) FROM school_aliases WHERE school_id = $school_id)
