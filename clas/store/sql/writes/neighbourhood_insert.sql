-- Référentiels: a new neighbourhood.
INSERT INTO neighbourhoods (code, name, priority_area, children_6_10, children_11_14)
VALUES ($code, $name, $priority_area, $children_6_10, $children_11_14)
