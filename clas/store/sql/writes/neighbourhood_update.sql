-- Référentiels: an edited neighbourhood, matched by its code.
UPDATE neighbourhoods SET name = $name, priority_area = $priority_area,
children_6_10 = $children_6_10, children_11_14 = $children_11_14 WHERE code = $code
