-- The file's actions with parents (registered frame act_df).
INSERT INTO parent_actions (import_id, provider_id, school_year, action_date, type, families_present)
SELECT import_id, provider_id, school_year, action_date, type, families_present FROM act_df
