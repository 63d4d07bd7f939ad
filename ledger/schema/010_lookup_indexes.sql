-- 010_lookup_indexes: a one-device lookup (ledger/snapshot.h) by MAC, IP or host name reads only
-- the rows that concern that device instead of the whole ledger. The writer pays for an index
-- only when it inserts a row the index covers (updates leave these columns alone); the device
-- indexes are small, the name index partial; the sender index covers most new facts, which
-- is the price of finding the routers that carry one host's facts without a table scan:
--   devices_by_mac         a MAC in any broadcast domain (the key starts with the domain).
--   devices_by_address     a routed host by its address, in any broadcast domain.
--   device_facts_by_name   host names a device calls itself (hostname, system_name), matched
--                          case-insensitively as a person types them; also finds one machine's
--                          earlier MACs by their DHCP host name (read/linked_devices.h).
--   device_facts_by_sender facts that crossed a router (read/routed_facts.h): which routers
--                          carry facts sent from one address.
CREATE INDEX devices_by_mac ON devices (mac) WHERE mac <> '';
CREATE INDEX devices_by_address ON devices (address) WHERE address <> '';
CREATE INDEX device_facts_by_name ON device_facts (value COLLATE NOCASE)
    WHERE kind IN ('hostname', 'system_name');
CREATE INDEX device_facts_by_sender ON device_facts (subject_ip, device_id)
    WHERE subject_ip <> '';
