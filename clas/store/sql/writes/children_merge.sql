-- The file's children (registered stream children_df, read once): new ones are added; a known child gets the
-- sex its earlier records lacked. One statement: the stream cannot be read twice.
INSERT INTO children SELECT child_id, sex, birth_year::INTEGER FROM children_df
ON CONFLICT (child_id) DO UPDATE SET sex = excluded.sex
WHERE children.sex IS NULL AND excluded.sex IS NOT NULL;
