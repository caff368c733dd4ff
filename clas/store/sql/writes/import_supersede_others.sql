-- The new file is the provider-year's current one: the previous one is kept as 'superseded' (not deleted), so
-- withdrawing the new file brings it back.
UPDATE imports SET status = 'superseded' WHERE provider_id = $provider_id AND school_year = $school_year
AND status = 'loaded' AND import_id <> $import_id
