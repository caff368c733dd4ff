-- The file's children (registered frame children_df): new ones are added; a known child gets the sex its
-- earlier records lacked.
INSERT INTO children SELECT child_id, sex, birth_year::INTEGER FROM children_df
WHERE child_id NOT IN (SELECT child_id FROM children);
UPDATE children SET sex = coalesce(children.sex, d.sex)
FROM children_df d WHERE children.child_id = d.child_id AND children.sex IS NULL
AND d.sex IS NOT NULL;
