-- The last enrolment id: a new file's rows are numbered after it.
SELECT coalesce(max(enrolment_id), 0) FROM enrolments
