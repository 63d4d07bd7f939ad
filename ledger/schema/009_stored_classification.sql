-- 009_stored_classification: each device's classification as a read shows it (the rules'
-- category, subtype, confidence and band with a person's override on top, the rules that fired
-- with their evidence, the DICOM/HL7 summary), stored when the device's facts change instead of
-- computed by every read (ledger/src/classify/stored.cpp).
-- `input` is a digest of everything the result was computed from (the device's facts as a
-- read assembles them, its addresses, vendor, annotations, and the knowledge files' digest in
-- `knowledge`): a read whose device no longer matches it (new knowledge, a fact handed over by
-- a router, a linked MAC) classifies that device afresh instead of trusting the row.
-- Devices of an upgraded ledger have no row yet: reads classify them as before, and the next
-- write (ingest, annotate) stores them.

CREATE TABLE device_classes (
    device_id  INTEGER PRIMARY KEY REFERENCES devices (id) ON DELETE CASCADE,
    input      TEXT    NOT NULL,
    knowledge  TEXT    NOT NULL,
    category   TEXT    NOT NULL,
    subtype    TEXT    NOT NULL DEFAULT '',
    confidence INTEGER NOT NULL,
    band       TEXT    NOT NULL,
    -- CBOR (fact values are wire bytes, not always UTF-8): [{id, category, subtype, weight,
    -- evidence: [{kind, value, source, about, capture, frame, capture_id}]}]
    fired      BLOB    NOT NULL,
    medical    BLOB    NOT NULL DEFAULT x''   -- CBOR MedicalSummary; empty when none
) STRICT;
