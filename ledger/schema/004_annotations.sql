-- 004_annotations: what a person says about a device (README "Annotations"): location,
-- user, owning department, asset tag, maintenance vendor, a category override, status, ...
-- One row per (device, key). Rediscovery never writes here; only `daicho annotate` and
-- ledger imports do, so a person's word always survives the next ingest.

CREATE TABLE annotations (
    device_id INTEGER NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    set_at INTEGER NOT NULL,  -- unix microseconds
    source TEXT NOT NULL,     -- "cli", "import:<file>"
    PRIMARY KEY (device_id, key)
) STRICT;
