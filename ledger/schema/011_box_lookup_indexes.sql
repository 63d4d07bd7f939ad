-- 011_box_lookup_indexes: a one-device lookup reads the other interfaces of its box
-- (read/box_interfaces.h) through indexes, not a scan: the rows announcing one LLDP chassis id
-- or one management address, and the rows a person joined to a box by its id or MAC. Partial,
-- so the bulk of facts pays nothing for them.
CREATE INDEX device_facts_chassis ON device_facts (value) WHERE kind = 'chassis_id';
CREATE INDEX device_facts_management ON device_facts (value) WHERE kind = 'management_address';
CREATE INDEX annotations_same_box ON annotations (value) WHERE key = 'same_box';
