#pragma once
// The monthly report (`daicho changes`): what changed in the hospital's network over a period,
// device by device, as a person keeping the ledgers needs it: new devices, devices gone, and
// devices renamed, re-addressed, re-classified or re-flashed. Read from one Snapshot (the
// devices and the history of ledger/events.h), never by re-reading captures.
//
// What it leaves out on purpose: the writer's `absent` / `returned` events. Captures taken a
// month apart make every device "absent" and then "returned" in each capture, which buries the
// few real changes; here a device is gone only when it has not been seen for the whole window
// (default 30 days, kDefaultAbsentDays) while its subnet was: a segment nobody captured says
// nothing about the devices on it. A device is gone in the one report whose period it went
// quiet in, not in every later one. Repeated changes of one device in the period are folded
// into one (first value -> last value); a change that ends where it began is none.
//
// Apart from the period: a device a person marked 稼働 (status=active) that has not been seen
// for the window is a gap in the ledger, listed in every report until a person closes it.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daicho/ledger/ledger.h"

namespace daicho::ledger {

class Snapshot;

// Stable ids (JSON "kind", the sheet's 種別ID), in the report's order. Their JA/EN labels are
// survey-mapper's (daicho/survey/words.h change_label).
inline constexpr std::array<std::string_view, 7> kChangeKinds{
    "new", "gone", "renamed", "readdressed", "reclassified", "software", "unseen_active"};

// The period a report covers, in wire time (unix us).
struct ChangePeriod {
    std::int64_t since_us = 0;     // changes at or after this
    std::int64_t previous_us = 0;  // the state compared with: its newest frame time
    std::int64_t until_us = 0;     // the newest frame in the ledger (filled by read_changes)
};

// `--since DATE`: the period from `since_us`, compared with the state at that instant.
[[nodiscard]] ChangePeriod period_since(std::int64_t since_us) noexcept;
// `--since-capture`: what the newest capture (highest id) shows against the captures before
// it. nullopt when the newest capture has no frame times (ingested before schema 016).
[[nodiscard]] std::optional<ChangePeriod> period_of_newest_capture(
    const std::vector<CaptureRecord>& captures);

struct DeviceChange {
    std::string kind;         // kChangeKinds
    std::int64_t device = 0;  // the device's record id (ledger id)
    std::string mac;
    std::string name;        // a person's `name` annotation, else its first host name; "" none
    std::string address;     // its first IP address; "" none
    std::string category;    // category key (a person's wins), for the reader to recognise it
    std::string department;  // resolved 設置部署; "" none
    std::string field;       // the fact kind that changed ("hostname", "firmware", ...); "" none
    std::string before;      // renamed/readdressed/reclassified/software: first value
    std::string after;       // ... last value; new: "" ; gone/unseen_active: ""
    std::int64_t at_us = 0;  // new: first seen; gone/unseen_active: last seen; else the change
    std::int64_t last_seen_us = 0;
    // A person marked it 稼働 (status=active): on a gone device, the ledger says otherwise.
    bool marked_active = false;
    std::string capture;  // evidence of the (last) change; "" none
    std::uint64_t frame = 0;
};

struct ChangeReport {
    ChangePeriod period;
    int gone_days = kDefaultAbsentDays;
    std::vector<DeviceChange> changes;  // kChangeKinds order, then by device id
    // Devices unseen for the window whose subnet was not observed in it either: nothing can be
    // said about them (not counted as gone).
    std::size_t not_judged = 0;
};

// The report for `period` (until_us is filled from the ledger). `gone_days` >= 1.
[[nodiscard]] ChangeReport read_changes(const Snapshot& snapshot, ChangePeriod period,
                                        int gone_days = kDefaultAbsentDays);

}  // namespace daicho::ledger
