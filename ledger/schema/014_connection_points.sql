-- 014_connection_points: the external connection points of Q10 (issue 13). One row per
-- {domain (sensor), inside address, remote address, IP protocol, server port}, aggregated
-- from the conversation table (collectors/conversations.h) of every capture: repeats add their
-- sessions, packets and bytes and widen first/last seen. Written by the writer in the merge
-- transaction of the capture that showed them (write/connection_store.h); read through the
-- snapshot (ledger/connections.h). A new row is a `connection_new` event.

CREATE TABLE connection_points (
    id                INTEGER PRIMARY KEY,
    domain            INTEGER NOT NULL,            -- the sensor that saw it
    inside_address    TEXT    NOT NULL,
    remote_address    TEXT    NOT NULL,
    ip_proto          INTEGER NOT NULL,
    server_port       INTEGER NOT NULL,            -- 0: a protocol without ports (ESP, GRE)
    -- The inside device holding inside_address (NULL: none known, placed by its address),
    -- and the frame's MACs of the last packet: the inside end, and the box carrying the
    -- conversation off the link (the firewall, or a vendor router bypassing it).
    inside_device_id  INTEGER REFERENCES devices (id),
    inside_mac        TEXT    NOT NULL DEFAULT '',
    gateway_mac       TEXT    NOT NULL DEFAULT '',
    gateway_device_id INTEGER REFERENCES devices (id),
    vlan              INTEGER NOT NULL DEFAULT 0,
    service_class     TEXT    NOT NULL,            -- ledger/connections.h kServiceClasses
    class_source      TEXT    NOT NULL CHECK (class_source IN ('bytes', 'port')),
    protocol          TEXT    NOT NULL DEFAULT '',
    product           TEXT    NOT NULL DEFAULT '',
    version           TEXT    NOT NULL DEFAULT '',
    opener            TEXT    NOT NULL CHECK (opener IN ('inside', 'outside', 'unknown')),
    first_seen        INTEGER NOT NULL,
    last_seen         INTEGER NOT NULL,
    sessions          INTEGER NOT NULL DEFAULT 0,
    packets           INTEGER NOT NULL DEFAULT 0,
    bytes_out         INTEGER NOT NULL DEFAULT 0,  -- wire bytes from inside to outside
    bytes_in          INTEGER NOT NULL DEFAULT 0,
    longest_us        INTEGER NOT NULL DEFAULT 0,  -- longest session
    always_on         INTEGER NOT NULL DEFAULT 0,  -- ledger/connections.h always_on()
    capture_id        INTEGER REFERENCES captures (id),  -- evidence: the first packet
    frame             INTEGER NOT NULL DEFAULT 0,
    UNIQUE (domain, inside_address, remote_address, ip_proto, server_port)
) STRICT;
CREATE INDEX connection_points_by_inside_device ON connection_points (inside_device_id);

-- Names seen for the remote end: 'sni' (asked for from inside), 'certificate' (subject and
-- issuer the remote end presented), 'dns' (DNS answers binding a name to the address).
CREATE TABLE connection_names (
    point_id   INTEGER NOT NULL REFERENCES connection_points (id) ON DELETE CASCADE,
    source     TEXT    NOT NULL CHECK (source IN ('sni', 'certificate', 'dns')),
    name       TEXT    NOT NULL,
    first_seen INTEGER NOT NULL,
    PRIMARY KEY (point_id, source, name)
) STRICT;

-- What each capture's conversation table did: rows it held, rows evicted from full sets
-- (lost conversations: the table was too small), and whether the address plan or the
-- RFC 1918/ULA fallback decided what is inside (NULL: no table; captures before 014).
ALTER TABLE captures ADD COLUMN connection_rows INTEGER NOT NULL DEFAULT 0;
ALTER TABLE captures ADD COLUMN connection_evictions INTEGER NOT NULL DEFAULT 0;
ALTER TABLE captures ADD COLUMN inside_plan INTEGER;
