-- The CLAS database. Documented column by column, in French, in docs/data-model.md
-- (tests/store/test_docs_data_model.py fails when the two disagree).
-- No foreign keys on purpose: DuckDB implements an UPDATE on a referenced row as delete + insert,
-- which its FK checks refuse; the importer keeps references consistent inside one transaction.

CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);

CREATE TABLE IF NOT EXISTS neighbourhoods (
    code            VARCHAR PRIMARY KEY,
    name            VARCHAR NOT NULL,
    priority_area   BOOLEAN NOT NULL DEFAULT FALSE,
    children_6_10   INTEGER,
    children_11_14  INTEGER
);

CREATE SEQUENCE IF NOT EXISTS provider_seq START 1;
CREATE TABLE IF NOT EXISTS providers (
    provider_id         INTEGER PRIMARY KEY DEFAULT nextval('provider_seq'),
    name                VARCHAR NOT NULL UNIQUE,
    type                VARCHAR CHECK (type IN ('municipal', 'associatif')),
    neighbourhood_code  VARCHAR,
    latitude            DOUBLE,
    longitude           DOUBLE,
    created_by_import   BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE SEQUENCE IF NOT EXISTS school_seq START 1;
CREATE TABLE IF NOT EXISTS schools (
    school_id           INTEGER PRIMARY KEY DEFAULT nextval('school_seq'),
    uai                 VARCHAR UNIQUE,
    name                VARCHAR NOT NULL,
    type                VARCHAR CHECK (type IN ('elementaire', 'college', 'lycee')),
    neighbourhood_code  VARCHAR,
    priority_education  BOOLEAN NOT NULL DEFAULT FALSE
);

-- Ways a provider wrote a school that the service matched by hand (the next import resolves them).
CREATE TABLE IF NOT EXISTS school_aliases (
    alias_key   VARCHAR PRIMARY KEY,
    school_id   INTEGER NOT NULL
);

-- Column headers a user mapped by hand for one provider (reused on its next files).
CREATE TABLE IF NOT EXISTS column_mappings (
    provider_id  INTEGER NOT NULL,
    header_key   VARCHAR NOT NULL,
    field        VARCHAR NOT NULL,
    PRIMARY KEY (provider_id, header_key)
);

CREATE TABLE IF NOT EXISTS children (
    child_id    VARCHAR PRIMARY KEY,
    sex         VARCHAR CHECK (sex IN ('F', 'M')),
    birth_year  INTEGER
);

CREATE SEQUENCE IF NOT EXISTS import_seq START 1;
CREATE TABLE IF NOT EXISTS imports (
    import_id       INTEGER PRIMARY KEY DEFAULT nextval('import_seq'),
    file_name       VARCHAR NOT NULL,
    sha256          VARCHAR NOT NULL,
    provider_id     INTEGER NOT NULL,
    school_year     VARCHAR NOT NULL,
    imported_at     TIMESTAMP NOT NULL DEFAULT current_timestamp,
    imported_by     VARCHAR,
    rows_read       INTEGER NOT NULL,
    rows_loaded     INTEGER NOT NULL,
    rows_rejected   INTEGER NOT NULL,
    warnings        INTEGER NOT NULL,
    parent_actions  INTEGER NOT NULL DEFAULT 0,
    -- 'loaded': the file whose data is current for its provider and school year;
    -- 'superseded': replaced by a later file; 'withdrawn': taken back by the service.
    status          VARCHAR NOT NULL CHECK (status IN ('loaded', 'superseded', 'withdrawn'))
);

-- The report of each loaded file, kept for later (no names, no birth dates: messages never quote them).
-- A problem repeated over many rows is one line: "row" is its first row, row_count how many, row_ranges
-- which ones ('2–9, 14, 17–40…'). 'info' lines say how a column was read (« colonne X lue comme … »).
CREATE TABLE IF NOT EXISTS import_issues (
    import_id   INTEGER NOT NULL,
    sheet       VARCHAR,
    "row"       INTEGER,
    "column"    VARCHAR,
    severity    VARCHAR NOT NULL CHECK (severity IN ('error', 'warning', 'info')),
    message     VARCHAR NOT NULL,
    row_count   INTEGER NOT NULL DEFAULT 1,
    row_ranges  VARCHAR
);

CREATE SEQUENCE IF NOT EXISTS enrolment_seq START 1;
CREATE TABLE IF NOT EXISTS enrolments (
    enrolment_id        INTEGER PRIMARY KEY DEFAULT nextval('enrolment_seq'),
    import_id           INTEGER NOT NULL,
    child_id            VARCHAR NOT NULL,
    provider_id         INTEGER NOT NULL,
    school_year         VARCHAR NOT NULL,
    school_id           INTEGER,
    school_label        VARCHAR,
    grade               VARCHAR NOT NULL,
    neighbourhood_code  VARCHAR,
    pre                 BOOLEAN,
    source              VARCHAR,
    orientation_date    DATE,
    outcome             VARCHAR,
    entry_date          DATE,
    exit_date           DATE,
    exit_reason         VARCHAR,
    sessions_attended   INTEGER,
    welcome_interview   BOOLEAN,
    parent_meetings     INTEGER,
    parent_collective   BOOLEAN,
    sheet               VARCHAR,
    source_row          INTEGER
);

CREATE TABLE IF NOT EXISTS orientation_criteria (
    enrolment_id  INTEGER NOT NULL,
    criterion     VARCHAR NOT NULL
);

-- One bit per criterion code, for child_year.criteria_bits (below). Filled from the vocabulary when the
-- schema is created (criterion_bits_add); a code keeps its bit for the life of the file. Bit 63 is the form
-- with no criterion.
CREATE TABLE IF NOT EXISTS criterion_bits (
    criterion  VARCHAR PRIMARY KEY,
    bit        INTEGER NOT NULL UNIQUE CHECK (bit BETWEEN 0 AND 62)
);

CREATE SEQUENCE IF NOT EXISTS action_seq START 1;
CREATE TABLE IF NOT EXISTS parent_actions (
    action_id         INTEGER PRIMARY KEY DEFAULT nextval('action_seq'),
    import_id         INTEGER NOT NULL,
    provider_id       INTEGER NOT NULL,
    school_year       VARCHAR NOT NULL,
    action_date       DATE,
    type              VARCHAR NOT NULL,
    families_present  INTEGER
);

CREATE TABLE IF NOT EXISTS settings (
    name   VARCHAR PRIMARY KEY,
    value  VARCHAR NOT NULL
);

-- One row per child x provider x school year, from the current file of each provider-year.
-- child_year_live computes it; child_year (below) is its stored copy, refreshed by every write
-- (db.refresh_child_year): every page reads child_year, and a stored column scan is ~10x faster than
-- re-joining five tables and re-aggregating criteria on each query (bench/results.md).
CREATE OR REPLACE VIEW child_year_live AS
SELECT
    e.school_year,
    p.name AS provider,
    p.type AS provider_type,
    e.child_id,
    c.sex,
    c.birth_year,
    coalesce(s.name, e.school_label) AS school,
    e.grade,
    CASE WHEN e.grade IN ('CP', 'CE1', 'CE2', 'CM1', 'CM2') THEN 'elementaire'
         WHEN e.grade IN ('6e', '5e', '4e', '3e') THEN 'college'
         ELSE 'lycee' END AS grade_band,
    n.name AS neighbourhood,
    n.priority_area,
    e.source,
    coalesce(cr.criteria, []::VARCHAR[]) AS criteria,
    e.outcome,
    e.orientation_date,
    e.entry_date,
    e.exit_date,
    e.exit_reason,
    e.sessions_attended,
    e.welcome_interview,
    e.parent_meetings,
    e.parent_collective,
    -- extra columns (after the contract's ones)
    e.pre,
    e.provider_id,
    e.neighbourhood_code,
    e.school_id,
    s.priority_education,
    e.enrolment_id,
    e.import_id,
    -- Forms of the same child in the same school year, all providers (1 for most children). Computed once per
    -- write so that readers count children without de-duplicating ~70,000 child ids a year on each query: a
    -- child with child_forms = 1 is its own group in any subset, only the others need a GROUP BY child_id
    -- (key_indicators_by_year, coverage_*, children_multi_provider).
    count(*) OVER (PARTITION BY e.school_year, e.child_id)::INTEGER AS child_forms,
    -- The criteria as bits (criterion_bits; bit 63: none), so that counting the children of each criterion
    -- over several years is a GROUP BY child_id with bit_or, not a DISTINCT over every (criterion, child)
    -- pair of the unnested lists: 103 -> 26 ms over the 900,700 rows at 100x (explorer_table).
    coalesce(cr.criteria_bits, 1::UBIGINT << 63)::UBIGINT AS criteria_bits
FROM enrolments e
JOIN imports i ON i.import_id = e.import_id AND i.status = 'loaded'
JOIN providers p ON p.provider_id = e.provider_id
JOIN children c ON c.child_id = e.child_id
LEFT JOIN schools s ON s.school_id = e.school_id
LEFT JOIN neighbourhoods n ON n.code = e.neighbourhood_code
-- Each criterion once per form, made distinct here, once per write: list_distinct in a query cost ~70 of
-- its ~90 ms at 100x (orientation_criteria).
LEFT JOIN (SELECT o.enrolment_id, list(DISTINCT o.criterion ORDER BY o.criterion) AS criteria,
                  bit_or(1::UBIGINT << b.bit) AS criteria_bits
           FROM orientation_criteria o LEFT JOIN criterion_bits b ON b.criterion = o.criterion
           GROUP BY o.enrolment_id) cr ON cr.enrolment_id = e.enrolment_id;

CREATE TABLE IF NOT EXISTS child_year AS SELECT * FROM child_year_live LIMIT 0;
-- The aggregates stored over child_year (year_indicators, explorer_values, school_orientations):
-- clas/store/sql/writes/aggregates_schema.sql, created after child_year is brought up to date.

-- Parent actions of the current file of each provider-year.
CREATE OR REPLACE VIEW current_parent_actions AS
SELECT a.*, p.name AS provider, p.type AS provider_type, p.neighbourhood_code AS provider_neighbourhood
FROM parent_actions a
JOIN imports i ON i.import_id = a.import_id AND i.status = 'loaded'
JOIN providers p ON p.provider_id = a.provider_id;

-- === The network, not only the registers (issue 15) ===========================================
-- Training and network sessions: no participant names, only counts by profession and institution.
CREATE SEQUENCE IF NOT EXISTS network_file_seq START 1;
CREATE TABLE IF NOT EXISTS network_files (
    network_file_id  INTEGER PRIMARY KEY DEFAULT nextval('network_file_seq'),
    file_name        VARCHAR NOT NULL,
    sha256           VARCHAR NOT NULL,
    imported_at      TIMESTAMP NOT NULL DEFAULT current_timestamp,
    imported_by      VARCHAR,
    sessions         INTEGER NOT NULL,
    staff_rows       INTEGER NOT NULL DEFAULT 0
);

CREATE SEQUENCE IF NOT EXISTS network_session_seq START 1;
CREATE TABLE IF NOT EXISTS network_sessions (
    session_id       INTEGER PRIMARY KEY DEFAULT nextval('network_session_seq'),
    school_year      VARCHAR NOT NULL,
    session_date     DATE NOT NULL,
    title            VARCHAR NOT NULL,
    theme            VARCHAR NOT NULL,
    duration_hours   DOUBLE,
    organiser        VARCHAR,
    network_file_id  INTEGER,              -- NULL: entered in the form of the page
    entered_by       VARCHAR,
    UNIQUE (session_date, title)
);

CREATE TABLE IF NOT EXISTS network_participants (
    session_id        INTEGER NOT NULL,
    profession        VARCHAR NOT NULL,
    institution_type  VARCHAR NOT NULL,    -- ecole, porteur, ville, pre, autre (vocab.INSTITUTION_TYPES)
    institution       VARCHAR,             -- the school or provider as written (or matched)
    school_id         INTEGER,
    provider_id       INTEGER,
    participants      INTEGER NOT NULL CHECK (participants >= 0)
);

-- Complementary schemes offered by each school (CLAS nearby, devoirs faits, APC, PRE, ...).
CREATE TABLE IF NOT EXISTS schemes (
    code   VARCHAR PRIMARY KEY,
    label  VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS school_schemes (
    school_id  INTEGER NOT NULL,
    scheme     VARCHAR NOT NULL,
    PRIMARY KEY (school_id, scheme)
);

-- Providers' public facts for the « Annuaire CLAS » (what a teacher or a family needs to orient a pupil).
CREATE TABLE IF NOT EXISTS provider_directory (
    provider_id      INTEGER PRIMARY KEY,
    address          VARCHAR,
    grade_min        VARCHAR,
    grade_max        VARCHAR,
    schedule         VARCHAR,
    contact          VARCHAR,
    places_available INTEGER
);

-- Each provider's team per school year (no names): from the « Équipe » sheet of its register file
-- (import_id) or from the city's network workbook (network_file_id).
CREATE TABLE IF NOT EXISTS staff (
    import_id        INTEGER,
    network_file_id  INTEGER,
    provider_id      INTEGER NOT NULL,
    school_year      VARCHAR NOT NULL,
    role             VARCHAR,
    status           VARCHAR NOT NULL CHECK (status IN ('salarie', 'benevole')),
    people           INTEGER NOT NULL CHECK (people >= 0),
    hours_per_week   DOUBLE
);

-- The team that counts for a provider-year: its own current register file's « Équipe » sheet when it has
-- one, else the city's network workbook.
CREATE OR REPLACE VIEW current_staff AS
WITH own AS (
    SELECT s.* FROM staff s JOIN imports i ON i.import_id = s.import_id AND i.status = 'loaded'
)
SELECT * FROM own
UNION ALL
SELECT s.* FROM staff s
WHERE s.import_id IS NULL
  AND NOT EXISTS (SELECT 1 FROM own o WHERE o.provider_id = s.provider_id AND o.school_year = s.school_year);

-- The page filters that analytics queries share, declared once: the forms of child_year that the global
-- filters keep (each NULL means « all ») within the signed-in user's perimeter (p_scope: a porteur's provider,
-- bound by clas/store/access.py; NULL for the whole territory). A query that groups by one of these passes NULL
-- for it. Parameters are named p_* so that none shadows a column.
CREATE OR REPLACE MACRO page_forms(p_scope, p_year, p_provider_type, p_neighbourhood, p_grade_band) AS TABLE
    SELECT * FROM child_year
    WHERE (p_scope IS NULL OR provider = p_scope)
      AND (p_year IS NULL OR school_year = p_year)
      AND (p_provider_type IS NULL OR provider_type = p_provider_type)
      AND (p_neighbourhood IS NULL OR neighbourhood = p_neighbourhood)
      AND (p_grade_band IS NULL OR grade_band = p_grade_band);
