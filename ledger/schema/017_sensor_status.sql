-- 017_sensor_status: the live capture's counters per interface, as the daemon last stored
-- them at a commit, so `daicho serve` on the same ledger (and a survey answer) can show
-- whether the sensor saw everything and since when. One row per interface, updated in place:
-- bounded by the number of interfaces a config names, never by time.
CREATE TABLE sensor_status (
    interface TEXT PRIMARY KEY,
    received INTEGER NOT NULL,           -- frames handed out by libpcap since opened_us
    kernel_dropped INTEGER NOT NULL,     -- ps_drop: the capture buffer was full
    interface_dropped INTEGER NOT NULL,  -- ps_ifdrop: the NIC or driver dropped them
    opened_us INTEGER NOT NULL,          -- when the capture on it was (re)opened: the window's start
    updated_us INTEGER NOT NULL          -- the commit that stored these counters: the window's end
) STRICT;
