-- The stored aggregates are derived data: created empty for a new or older file, rebuilt when the columns of
-- one change; every writer fills them (aggregates_refresh).
DROP TABLE IF EXISTS year_indicators;
CREATE TABLE year_indicators AS SELECT * FROM year_indicators_live LIMIT 0;
DROP TABLE IF EXISTS explorer_values;
CREATE TABLE explorer_values AS SELECT * FROM explorer_values_live LIMIT 0;
DROP TABLE IF EXISTS school_orientations;
CREATE TABLE school_orientations AS SELECT * FROM school_orientations_live LIMIT 0;
