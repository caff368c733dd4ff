-- Référentiels: the providers' public facts replaced as a whole (the caller registers directory_df).
DELETE FROM provider_directory;
INSERT INTO provider_directory BY NAME
SELECT provider_id, address, grade_min, grade_max, schedule, contact, places_available FROM directory_df;
