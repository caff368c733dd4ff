-- School years that have at least one imported file (any status), most recent first.
SELECT DISTINCT school_year FROM imports ORDER BY school_year DESC
