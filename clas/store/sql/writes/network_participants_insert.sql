INSERT INTO network_participants (session_id, profession, institution_type, institution, school_id, provider_id,
                                  participants)
VALUES ($session_id, $profession, $institution_type, $institution, $school_id, $provider_id, $participants)
