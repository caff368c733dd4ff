-- Référentiels: a neighbourhood removed from the table and used by nothing.
DELETE FROM neighbourhoods WHERE code = $code
