INSERT INTO staff (import_id, network_file_id, provider_id, school_year, role, status, people, hours_per_week)
VALUES ($import_id, $network_file_id, $provider_id, $school_year, $role, $status, $people, $hours_per_week)
