-- School names matched by hand on the Qualité page (text key -> school).
SELECT alias_key, school_id FROM school_aliases
