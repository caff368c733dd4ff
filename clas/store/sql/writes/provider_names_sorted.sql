-- Providers' names in order, for the command line's messages.
SELECT name FROM providers ORDER BY name
