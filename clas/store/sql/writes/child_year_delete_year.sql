-- One school year of the stored child_year, before it is stored again (child_year_insert_year).
DELETE FROM child_year WHERE school_year = $school_year
