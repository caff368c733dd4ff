-- The orientation criteria ticked on the file's rows (registered frame crit_df).
INSERT INTO orientation_criteria SELECT enrolment_id, criterion FROM crit_df
