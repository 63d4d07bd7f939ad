#pragma once
// What the pipeline hands the ledger writer: aggregated activity and deduplicated facts for
// a span of frames. The pipeline reuses one Batch (clear() keeps capacity), so the steady
// state allocates nothing per packet.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "daicho/collectors/observation.h"

namespace daicho::ledger {

// Traffic sent by one source MAC in one VLAN, summed over the batch.
struct DeviceActivity {
    collectors::MacAddress mac;
    std::uint16_t sensor = 0;
    std::uint16_t vlan = 0;
    std::uint16_t outer_vlan = 0;
    std::uint64_t packets = 0;
    std::uint64_t bytes = 0;  // wire bytes
    std::int64_t first_us = 0;
    std::int64_t last_us = 0;
    collectors::EvidenceRef first_evidence;  // the first frame in this batch from the MAC
};

// An observation copied out of the frame, with repeats inside the batch folded in.
struct StoredObservation {
    collectors::Subject subject;
    collectors::FactKind kind = collectors::FactKind::other;
    std::string value;
    std::string_view source;           // static decoder name
    collectors::EvidenceRef evidence;  // first sighting in this batch
    std::int64_t last_us = 0;
    std::uint64_t count = 1;
};

struct Batch {
    std::vector<DeviceActivity> activity;
    std::vector<StoredObservation> observations;

    [[nodiscard]] bool empty() const noexcept { return activity.empty() && observations.empty(); }
    void clear() noexcept {
        activity.clear();
        observations.clear();
    }
};

}  // namespace daicho::ledger
