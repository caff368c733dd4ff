-- Whether the database is the embedded demo: demo_flag is the 'demo' setting that clas.workspace.bootstrap writes when
-- it builds the demo; other_imports counts the files imported since by anyone else than that build (a real
-- file imported into the demo makes it a real database: the demo accounts then stop working).
SELECT coalesce((SELECT value FROM settings WHERE name = 'demo'), 'false') = 'true' AS demo_flag,
       (SELECT count(*) FROM imports WHERE imported_by IS DISTINCT FROM 'démo')::BIGINT AS other_imports
