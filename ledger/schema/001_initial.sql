-- 001_initial: capture files, devices, and what was seen about each device.
-- Times are microseconds since the Unix epoch (UTC). Evidence is (capture_id, frame):
-- capture_id is NULL for live capture, frame is 1-based as tshark numbers frames.
-- Applied by src/db/migrate.cpp in one transaction with PRAGMA user_version = 1.

-- One row per ingested capture file; (size, digest) identifies its content.
CREATE TABLE captures (
    id            INTEGER PRIMARY KEY,
    path          TEXT    NOT NULL,
    size          INTEGER NOT NULL,
    digest        TEXT    NOT NULL,
    link_type     INTEGER NOT NULL,
    frames        INTEGER NOT NULL DEFAULT 0,
    decode_errors INTEGER NOT NULL DEFAULT 0,
    ingested_at   INTEGER NOT NULL,
    UNIQUE (size, digest)
) STRICT;

-- One row per unicast MAC per broadcast domain (domain = sensor id).
CREATE TABLE devices (
    id               INTEGER PRIMARY KEY,
    domain           INTEGER NOT NULL,
    mac              TEXT    NOT NULL,                       -- aa:bb:cc:dd:ee:ff
    vendor           TEXT    NOT NULL DEFAULT '',            -- IEEE registry organisation
    mac_kind         TEXT    NOT NULL CHECK (mac_kind IN ('global', 'local')),
    category         TEXT    NOT NULL DEFAULT 'unknown',
    first_seen       INTEGER NOT NULL,
    last_seen        INTEGER NOT NULL,
    packets          INTEGER NOT NULL DEFAULT 0,
    bytes            INTEGER NOT NULL DEFAULT 0,
    first_capture_id INTEGER REFERENCES captures (id),
    first_frame      INTEGER NOT NULL DEFAULT 0,
    UNIQUE (domain, mac)
) STRICT;

-- VLANs a device sent frames in (vlan 0 = untagged; outer_vlan 0 = no QinQ).
CREATE TABLE device_vlans (
    device_id  INTEGER NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
    vlan       INTEGER NOT NULL,
    outer_vlan INTEGER NOT NULL DEFAULT 0,
    first_seen INTEGER NOT NULL,
    last_seen  INTEGER NOT NULL,
    packets    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (device_id, vlan, outer_vlan)
) STRICT, WITHOUT ROWID;

-- IP addresses a device claimed on the link (ARP / NDP bindings).
CREATE TABLE device_addresses (
    id         INTEGER PRIMARY KEY,
    device_id  INTEGER NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
    family     INTEGER NOT NULL CHECK (family IN (4, 6)),
    address    TEXT    NOT NULL,                             -- inet_ntop form
    octets     BLOB    NOT NULL,                             -- 4 or 16 bytes, for ordering
    source     TEXT    NOT NULL,                             -- first protocol that showed it
    first_seen INTEGER NOT NULL,
    last_seen  INTEGER NOT NULL,
    count      INTEGER NOT NULL DEFAULT 1,
    capture_id INTEGER REFERENCES captures (id),
    frame      INTEGER NOT NULL DEFAULT 0,
    UNIQUE (device_id, address)
) STRICT;
CREATE INDEX device_addresses_by_address ON device_addresses (address);

-- Every other observation about a device, raw value as seen (collectors::FactKind names).
CREATE TABLE device_facts (
    id         INTEGER PRIMARY KEY,
    device_id  INTEGER NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
    kind       TEXT    NOT NULL,
    value      TEXT    NOT NULL,
    source     TEXT    NOT NULL,
    first_seen INTEGER NOT NULL,
    last_seen  INTEGER NOT NULL,
    count      INTEGER NOT NULL DEFAULT 1,
    capture_id INTEGER REFERENCES captures (id),
    frame      INTEGER NOT NULL DEFAULT 0,
    UNIQUE (device_id, kind, value, source)
) STRICT;
CREATE INDEX device_facts_by_kind_value ON device_facts (kind, value);
