-- The stored key indicators (year_indicators) computed again from child_year, which was just refreshed: a few
-- hundred rows, every year and scope (the territory and each provider).
DELETE FROM year_indicators;
INSERT INTO year_indicators SELECT * FROM year_indicators_live ORDER BY scope NULLS FIRST, school_year;
