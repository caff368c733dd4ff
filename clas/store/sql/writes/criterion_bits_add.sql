-- Each criterion code of the vocabulary ($codes, in its order) that has no bit yet gets the next free one:
-- a bit never changes meaning, so the bits already stored in child_year stay right.
INSERT INTO criterion_bits
SELECT code, (SELECT coalesce(max(bit) + 1, 0) FROM criterion_bits) + row_number() OVER (ORDER BY pos) - 1
FROM (SELECT unnest($codes) AS code, generate_subscripts($codes, 1) AS pos)
WHERE code NOT IN (SELECT criterion FROM criterion_bits);
