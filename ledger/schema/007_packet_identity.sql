-- 007_packet_identity: captures recognised by their packets, and events about a whole link.
--
-- A capture's identity was its file's bytes (size + digest of the first and last MiB), so a
-- pcap and its pcapng re-save, or a damaged prefix kept with --accept-damaged and then the
-- complete file, counted their frames twice. collectors/packet_digest.h chains a digest over
-- every frame (timestamp, lengths, captured bytes): packet_head is the digest after the first
-- frame (the lookup key), packet_digest the digest after packet_frames frames. A capture whose
-- first frames are an earlier capture's records only the frames after them: prefix_capture
-- names that capture and prefix_frames how many frames it covered. Captures recorded before
-- this migration keep packet_head '' and are still recognised by their bytes.
ALTER TABLE captures ADD COLUMN packet_head TEXT NOT NULL DEFAULT '';
ALTER TABLE captures ADD COLUMN packet_digest TEXT NOT NULL DEFAULT '';
ALTER TABLE captures ADD COLUMN packet_frames INTEGER NOT NULL DEFAULT 0;
ALTER TABLE captures ADD COLUMN prefix_capture INTEGER REFERENCES captures (id);
ALTER TABLE captures ADD COLUMN prefix_frames INTEGER NOT NULL DEFAULT 0;
CREATE INDEX captures_by_packet_head ON captures (packet_head) WHERE packet_head <> '';

-- A flood of source MACs (README "Floods") is an event about the link, not about one device:
-- events.device_id becomes NULL-able. SQLite cannot drop NOT NULL in place, so the table is
-- rebuilt with the same columns and indexes (foreign keys are off during migrations).
CREATE TABLE events_007 (
    id             INTEGER PRIMARY KEY,
    device_id      INTEGER REFERENCES devices (id) ON DELETE CASCADE,  -- NULL: the whole link
    at_us          INTEGER NOT NULL,
    kind           TEXT    NOT NULL,
    field          TEXT    NOT NULL DEFAULT '',
    before         TEXT    NOT NULL DEFAULT '',
    after          TEXT    NOT NULL DEFAULT '',
    note           TEXT    NOT NULL DEFAULT '',
    capture_id     INTEGER REFERENCES captures (id),
    frame          INTEGER NOT NULL DEFAULT 0,
    recorded_at_us INTEGER NOT NULL
) STRICT;
INSERT INTO events_007 (id, device_id, at_us, kind, field, before, after, note, capture_id,
                        frame, recorded_at_us)
SELECT id, device_id, at_us, kind, field, before, after, note, capture_id, frame, recorded_at_us
FROM events;
DROP TABLE events;
ALTER TABLE events_007 RENAME TO events;
CREATE INDEX events_by_time ON events (at_us);
CREATE INDEX events_by_device ON events (device_id, at_us);
