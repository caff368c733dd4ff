-- The neighbourhoods of the reference folder (registered frame nb) replace the table.
DELETE FROM neighbourhoods;
INSERT INTO neighbourhoods BY NAME SELECT code, name, priority_area, children_6_10, children_11_14 FROM nb;
