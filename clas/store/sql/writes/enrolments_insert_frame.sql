-- The file's enrolments (registered Arrow table enr_df, columns named as the table's).
INSERT INTO enrolments BY NAME SELECT * FROM enr_df
