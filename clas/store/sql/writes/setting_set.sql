-- One setting of the service (e.g. the small-cell threshold), replaced.
INSERT OR REPLACE INTO settings (name, value) VALUES ($name, $value)
