-- The school names (with the grade, which tells the school's level) that no reference school matched yet:
-- matched again after the schools table changed.
SELECT DISTINCT school_label, grade FROM enrolments WHERE school_id IS NULL AND school_label IS NOT NULL
