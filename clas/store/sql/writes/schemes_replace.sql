-- Référentiels: the list of schemes and the schools x schemes table are replaced as a whole (the caller
-- registers the new tables as schemes_df and school_schemes_df, inside one transaction).
DELETE FROM school_schemes;
DELETE FROM schemes;
INSERT INTO schemes SELECT code, label FROM schemes_df;
INSERT INTO school_schemes SELECT DISTINCT school_id, scheme FROM school_schemes_df;
