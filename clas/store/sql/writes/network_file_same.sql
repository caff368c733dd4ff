-- The same bytes already imported (re-importing them changes nothing).
SELECT network_file_id FROM network_files WHERE sha256 = $sha256
