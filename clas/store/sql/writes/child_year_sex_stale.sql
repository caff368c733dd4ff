-- Whether a stored child_year row shows another sex than the child's record (a later file gave a known
-- child the sex its earlier records lacked): then every school year is refreshed, not only the file's.
SELECT EXISTS (
    SELECT 1 FROM child_year cy JOIN children c ON c.child_id = cy.child_id
    WHERE cy.sex IS DISTINCT FROM c.sex
)
