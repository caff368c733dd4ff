-- Times are stored in UTC whatever the server's zone: imported_at defaults to current_timestamp, which a
-- TIMESTAMP column takes in the session's time zone. Every display converts them to Europe/Paris.
SET TimeZone = 'UTC'
