-- Enrolments with this unmatched school name and grade now point to the school (returns the count).
UPDATE enrolments SET school_id = $school_id WHERE school_id IS NULL AND school_label = $school_label
AND grade = $grade
