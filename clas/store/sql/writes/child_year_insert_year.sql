-- One school year of child_year_live stored again, in provider order.
INSERT INTO child_year SELECT * FROM child_year_live WHERE school_year = $school_year
ORDER BY provider, enrolment_id
