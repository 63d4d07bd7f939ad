#pragma once
// The live capture's counters as the daemon stored them at its last commit (migration 017):
// per interface, frames received and every kind of drop libpcap reports, and the observation
// window they cover. `daicho run` writes them after each merge; the dashboard's センサーの状態
// page reads them when `daicho serve` has no live capture of its own.

#include <cstdint>
#include <string>
#include <vector>

namespace daicho::ledger {

class Ledger;

struct SensorInterfaceStatus {
    std::string interface;
    std::uint64_t received = 0;
    std::uint64_t kernel_dropped = 0;     // ps_drop
    std::uint64_t interface_dropped = 0;  // ps_ifdrop
    std::int64_t opened_us = 0;           // the window's start: the capture was (re)opened
    std::int64_t updated_us = 0;          // the window's end: the commit that stored them
};

// Replaces each named interface's row (one row per interface, updated in place) in one short
// IMMEDIATE transaction. Throws Error (disk full, busy ...).
void store_sensor_status(Ledger& ledger, const std::vector<SensorInterfaceStatus>& rows);

// Every stored interface, by name. Empty when no daemon ever stored any.
[[nodiscard]] std::vector<SensorInterfaceStatus> read_sensor_status(const Ledger& ledger);

}  // namespace daicho::ledger
