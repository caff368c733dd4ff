-- A forced re-import: these very bytes, current for the provider-year, step aside ('superseded', kept for
-- withdrawal) so that they load again with the new column mapping.
UPDATE imports SET status = 'superseded' WHERE sha256 = $sha256 AND status = 'loaded'
AND provider_id = $provider_id AND school_year = $school_year
