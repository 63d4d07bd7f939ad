#pragma once
// Small reads behind Ledger's own accessors (ledger.cpp): the schema version, a capture by
// its fingerprint or packet head, the device count, the MACs already known.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "daicho/ledger/ledger.h"

struct sqlite3;

namespace daicho::ledger {

[[nodiscard]] int read_schema_version(sqlite3* db);
[[nodiscard]] std::optional<CaptureRecord> read_capture(sqlite3* db, std::uint64_t size,
                                                        const std::string& digest);
[[nodiscard]] std::vector<CaptureRecord> read_captures_by_head(sqlite3* db,
                                                               const std::string& head);
// Every capture, oldest first.
[[nodiscard]] std::vector<CaptureRecord> read_captures(sqlite3* db);
[[nodiscard]] std::uint64_t read_device_count(sqlite3* db);
// Every device keyed by a MAC (not a routed host): (domain, MAC).
void read_link_devices(sqlite3* db,
                       const std::function<void(std::uint16_t, const collectors::MacAddress&)>& f);

// Every capture's path by its row id, read once per read: the evidence on each fact, address
// and device names its capture, and joining the captures table per row cost a b-tree search
// each. A ledger holds one row per capture file or live run, so the table is small.
class CapturePaths {
   public:
    explicit CapturePaths(sqlite3* db);
    // The evidence for a row's (capture id, frame); no path for id 0 (live capture, unknown).
    [[nodiscard]] EvidenceEntry evidence(std::int64_t capture_id, std::uint64_t frame) const;

   private:
    std::unordered_map<std::int64_t, std::string> paths_;
};

}  // namespace daicho::ledger
