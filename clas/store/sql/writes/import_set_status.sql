-- An import's status: loaded (current), superseded (replaced by a later file, kept for withdrawal),
-- withdrawn. Views read the 'loaded' files only.
UPDATE imports SET status = $status WHERE import_id = $import_id
