UPDATE network_files SET sessions = $sessions WHERE network_file_id = $network_file_id
