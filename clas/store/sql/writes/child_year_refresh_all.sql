-- The stored child_year rebuilt from child_year_live. Stored in year order: a query of one school year then
-- skips the other years' row groups (DuckDB keeps each group's min and max), and the order of the rows no
-- longer depends on how the view was computed.
DELETE FROM child_year;
INSERT INTO child_year SELECT * FROM child_year_live ORDER BY school_year, provider, enrolment_id;
