-- 013_interface_evidence_indexes: a one-device lookup finds the SNMP agents whose interface and
-- address tables list one of its MACs or addresses (read/box_interfaces.h) through an index,
-- not a scan of every fact. Partial, so the bulk of facts pays nothing for them. (The
-- port-MAC block reads ranges of devices_by_mac and device_facts_chassis, which exist.)
CREATE INDEX device_facts_interface_mac ON device_facts (value) WHERE kind = 'interface_mac';
CREATE INDEX device_facts_interface_address ON device_facts (value)
    WHERE kind = 'interface_address';
