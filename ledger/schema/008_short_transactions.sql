-- 008_short_transactions: the writer stages a capture outside the ledger and merges it in one
-- short transaction at commit (write/staging.h), so the capture's id is claimed here at
-- begin_capture, without a captures row a reader could see. A claim whose process died is
-- dropped by the next writer; its id is simply never used.

CREATE TABLE capture_claims (
    id         INTEGER PRIMARY KEY,  -- the captures.id the writer will commit under
    pid        INTEGER NOT NULL,     -- the claiming process, to tell a crashed claim
    claimed_at INTEGER NOT NULL      -- unix microseconds
) STRICT;

-- History through indexes (write/history.cpp): the previous name of a device from one
-- protocol, and its earlier software, are found by walking back from a first_seen instead of
-- scanning every fact of the device. Partial, so the bulk of facts (roles, services, vendor
-- classes ...) pays nothing for them; the queries repeat these WHERE terms verbatim, which is
-- how SQLite knows it may use a partial index.
CREATE INDEX device_facts_names ON device_facts (device_id, kind, source, first_seen)
    WHERE kind IN ('hostname', 'system_name');
CREATE INDEX device_facts_software ON device_facts (device_id, first_seen)
    WHERE kind IN ('software', 'os', 'firmware', 'system_description', 'implementation_version');
-- A device's IPv4 address history (address_new's "before").
CREATE INDEX device_addresses_history ON device_addresses (device_id, family, last_seen);
