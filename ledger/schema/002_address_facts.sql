-- 002_address_facts: facts whose subject is an IP address rather than a MAC (a DHCP
-- server naming a gateway or a DNS server, a DNS answer binding a name to an address),
-- and the sender's IP on every device fact, so facts that crossed a router can be
-- re-attributed to the host behind it without re-ingesting the captures.

ALTER TABLE device_facts ADD COLUMN subject_ip TEXT NOT NULL DEFAULT '';

-- One row per (broadcast domain, address, fact). A device shows these facts while it holds
-- the address (device_addresses); nothing is lost when no device holds it (yet).
CREATE TABLE address_facts (
    id         INTEGER PRIMARY KEY,
    domain     INTEGER NOT NULL,
    address    TEXT    NOT NULL,                             -- inet_ntop form
    kind       TEXT    NOT NULL,
    value      TEXT    NOT NULL,
    source     TEXT    NOT NULL,
    first_seen INTEGER NOT NULL,
    last_seen  INTEGER NOT NULL,
    count      INTEGER NOT NULL DEFAULT 1,
    capture_id INTEGER REFERENCES captures (id),
    frame      INTEGER NOT NULL DEFAULT 0,
    UNIQUE (domain, address, kind, value, source)
) STRICT;
CREATE INDEX address_facts_by_address ON address_facts (domain, address);
