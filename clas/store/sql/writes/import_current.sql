-- The current file of a provider-year (its id and its bytes' hash: the same bytes again change nothing).
SELECT import_id, sha256 FROM imports WHERE provider_id = $provider_id AND school_year = $school_year AND status = 'loaded'
