-- Schools of the reference folder (registered frame sc) replace those with the same UAI; school ids of others,
-- which imports hold, stay valid.
DELETE FROM schools WHERE uai IN (SELECT uai FROM sc);
INSERT INTO schools BY NAME SELECT uai, name, type, neighbourhood_code, priority_education FROM sc;
