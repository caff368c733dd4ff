-- The stored aggregates (aggregates_schema.sql) computed again from child_year, which was just refreshed: a
-- few thousand rows, every year and scope (the territory and each provider).
DELETE FROM year_indicators;
INSERT INTO year_indicators SELECT * FROM year_indicators_live ORDER BY scope NULLS FIRST, school_year;
DELETE FROM explorer_values;
INSERT INTO explorer_values SELECT * FROM explorer_values_live ORDER BY scope NULLS FIRST, dimension, value;
DELETE FROM school_orientations;
INSERT INTO school_orientations SELECT * FROM school_orientations_live
ORDER BY scope NULLS FIRST, school_year, school_id;
