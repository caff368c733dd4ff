-- Référentiels: another school holding this UAI gives it up first (two rows swapping codes in the editor).
UPDATE schools SET uai = NULL WHERE uai = $uai AND school_id <> $school_id
