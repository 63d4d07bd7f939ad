-- 006_events: the ledger's history (README "Events"). One row per change the wire showed
-- (a new device, a new address, a new name, a new version of the same product, a category the
-- rules now derive differently, a device gone quiet for N days and back again), with the
-- value before and after and the frame that showed it. Rows are only ever added, by the
-- writer, inside the transaction of the capture that showed the change.

CREATE TABLE events (
    id             INTEGER PRIMARY KEY,
    device_id      INTEGER NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
    at_us          INTEGER NOT NULL,          -- when the wire showed it (frame time, unix us)
    kind           TEXT    NOT NULL,          -- ledger/events.h kEventKinds
    field          TEXT    NOT NULL DEFAULT '',  -- the fact kind that changed ("hostname" ...)
    before         TEXT    NOT NULL DEFAULT '',
    after          TEXT    NOT NULL DEFAULT '',
    note           TEXT    NOT NULL DEFAULT '',  -- e.g. a person's category overrides this one
    capture_id     INTEGER REFERENCES captures (id),  -- evidence; NULL when none
    frame          INTEGER NOT NULL DEFAULT 0,        -- 0: the capture as a whole
    recorded_at_us INTEGER NOT NULL
) STRICT;
CREATE INDEX events_by_time ON events (at_us);
CREATE INDEX events_by_device ON events (device_id, at_us);

-- The rule-derived classification as the writer last computed it, so a capture that changes
-- it can say so. devices.category was never written before this migration: '' now means
-- "not classified by the writer yet", and a device's first classification is no change.
ALTER TABLE devices ADD COLUMN subtype TEXT NOT NULL DEFAULT '';
UPDATE devices SET category = '';

-- Devices already in the ledger start their history with their first sighting.
INSERT INTO events (device_id, at_us, kind, field, after, capture_id, frame, recorded_at_us)
SELECT id, first_seen, 'device_new', 'mac', mac, first_capture_id, first_frame,
       CAST((julianday('now') - 2440587.5) * 86400000000.0 AS INTEGER)
FROM devices ORDER BY first_seen, id;
