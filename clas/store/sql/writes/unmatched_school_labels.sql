-- The school names written in registers that no reference school or alias matched yet.
SELECT DISTINCT school_label FROM enrolments WHERE school_id IS NULL AND school_label IS NOT NULL
