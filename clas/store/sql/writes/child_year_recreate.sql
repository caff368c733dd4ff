-- child_year is derived data: a file from before a column was added to child_year_live gets it rebuilt.
DROP TABLE child_year;
CREATE TABLE child_year AS SELECT * FROM child_year_live;
