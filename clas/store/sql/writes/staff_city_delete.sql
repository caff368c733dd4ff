-- The city's network workbook gives a provider-year's team again: its previous city lines go.
DELETE FROM staff WHERE import_id IS NULL AND provider_id = $provider_id AND school_year = $school_year
