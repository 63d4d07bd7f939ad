-- 015_attestations: what the wire cannot show, stated by a person for the survey pre-fill
-- (issue 14): the ledger-keeping department, review dates, ESU contracts, offline patching by
-- a vendor, a credential reset after a leak. Append-only: every statement is kept with who
-- made it and the date it states, so the report can show who attested what and when, and an
-- old statement expires by its date rather than being overwritten.
CREATE TABLE attestations (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    device_id INTEGER NOT NULL DEFAULT 0,  -- 0: the whole hospital; else the device it is about
    value TEXT NOT NULL,
    attested_by TEXT NOT NULL,
    attested_on TEXT NOT NULL,             -- YYYY-MM-DD, the date the person states
    recorded_at INTEGER NOT NULL           -- unix microseconds
) STRICT;
CREATE INDEX attestations_by_key ON attestations (key, device_id, attested_on);

-- Staff training sessions (Q11), imported from the hospital's own records. The same session
-- imported twice is one row.
CREATE TABLE training_records (
    id INTEGER PRIMARY KEY,
    held_on TEXT NOT NULL,  -- YYYY-MM-DD
    course TEXT NOT NULL,
    audience TEXT NOT NULL,
    attendees INTEGER NOT NULL,
    source TEXT NOT NULL,   -- "import:<file>"
    recorded_at INTEGER NOT NULL,
    UNIQUE (held_on, course, audience)
) STRICT;
