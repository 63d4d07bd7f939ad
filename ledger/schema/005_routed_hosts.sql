-- 005_routed_hosts: hosts seen only behind a router (another subnet) become devices of their
-- own, keyed by (domain, IP address) since their MAC never reaches the sensor. The devices
-- table is rebuilt (SQLite cannot change a UNIQUE or CHECK constraint in place): the key
-- becomes (domain, mac, address) with mac = '' and mac_kind = 'none' for a routed host and
-- address = '' for a device on the link. Migrations run with foreign keys off (db/migrate.cpp),
-- so dropping the old table does not cascade; ids are kept, so every reference stays valid.

CREATE TABLE devices_new (
    id               INTEGER PRIMARY KEY,
    domain           INTEGER NOT NULL,
    mac              TEXT    NOT NULL,                       -- aa:bb:cc:dd:ee:ff; '' routed
    address          TEXT    NOT NULL DEFAULT '',            -- a routed host's IP; '' on link
    vendor           TEXT    NOT NULL DEFAULT '',            -- IEEE registry organisation
    mac_kind         TEXT    NOT NULL CHECK (mac_kind IN ('global', 'local', 'none')),
    category         TEXT    NOT NULL DEFAULT 'unknown',
    first_seen       INTEGER NOT NULL,
    last_seen        INTEGER NOT NULL,
    packets          INTEGER NOT NULL DEFAULT 0,
    bytes            INTEGER NOT NULL DEFAULT 0,
    first_capture_id INTEGER REFERENCES captures (id),
    first_frame      INTEGER NOT NULL DEFAULT 0,
    -- The router the host was first seen behind (no FK: informational, devices never go).
    routed_via       INTEGER,
    UNIQUE (domain, mac, address),
    CHECK ((mac = '') = (address <> '')),
    CHECK ((mac = '') = (mac_kind = 'none'))
) STRICT;

INSERT INTO devices_new (id, domain, mac, address, vendor, mac_kind, category, first_seen,
                         last_seen, packets, bytes, first_capture_id, first_frame)
SELECT id, domain, mac, '', vendor, mac_kind, category, first_seen, last_seen, packets, bytes,
       first_capture_id, first_frame
FROM devices;

DROP TABLE devices;
ALTER TABLE devices_new RENAME TO devices;
