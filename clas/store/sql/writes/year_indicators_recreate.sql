-- year_indicators is derived data: created empty for a new or older file, rebuilt when its columns change;
-- every writer fills it (year_indicators_refresh).
DROP TABLE IF EXISTS year_indicators;
CREATE TABLE year_indicators AS SELECT * FROM year_indicators_live LIMIT 0;
