-- Every school id of the reference table (a recorded match must name one of them).
SELECT school_id FROM schools
