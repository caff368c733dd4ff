-- Référentiels: how many rows point to a neighbourhood (in use: kept rather than deleted).
SELECT (SELECT count(*) FROM enrolments WHERE neighbourhood_code = $code)
     + (SELECT count(*) FROM schools WHERE neighbourhood_code = $code)
     + (SELECT count(*) FROM providers WHERE neighbourhood_code = $code)
