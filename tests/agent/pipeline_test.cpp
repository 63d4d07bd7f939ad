// The pipeline's bounded per-batch tables: they count, fold and report "full" at their limit.

#include <catch2/catch.hpp>

#include "pipeline/activity_table.h"
#include "pipeline/fact_folder.h"

using daicho::agent::ActivityTable;
using daicho::agent::FactFolder;
using daicho::collectors::FactKind;
using daicho::collectors::MacAddress;
using daicho::collectors::Observation;
using daicho::collectors::PacketContext;

namespace {

PacketContext from(std::uint8_t last_octet, std::uint16_t vlan, std::int64_t ts) {
    PacketContext ctx;
    ctx.has_l2 = true;
    ctx.src_mac = MacAddress{{0x00, 0x18, 0x73, 0x00, 0x00, last_octet}};
    ctx.vlan = vlan;
    ctx.evidence.ts_us = ts;
    ctx.evidence.frame_no = static_cast<std::uint64_t>(ts);
    return ctx;
}

}  // namespace

TEST_CASE("activity table sums per MAC and VLAN", "[agent][pipeline]") {
    ActivityTable t(16);
    REQUIRE(t.add(from(1, 10, 5), 100));
    REQUIRE(t.add(from(1, 10, 3), 60));
    REQUIRE(t.add(from(1, 20, 7), 60));
    REQUIRE(t.add(from(2, 10, 9), 1514));
    std::vector<daicho::ledger::DeviceActivity> out;
    t.drain_into(out);
    REQUIRE(out.size() == 3);
    CHECK(t.empty());
    for (const auto& a : out) {
        if (a.mac.octets[5] == 1 && a.vlan == 10) {
            CHECK(a.packets == 2);
            CHECK(a.bytes == 160);
            CHECK(a.first_us == 3);
            CHECK(a.last_us == 5);
            CHECK(a.first_evidence.frame_no == 5);  // the first frame read, not the earliest stamp
        }
    }
}

TEST_CASE("activity table reports full at half its capacity, then works after a drain",
          "[agent][pipeline]") {
    ActivityTable t(16);
    for (std::uint8_t i = 0; i < 8; ++i) {
        REQUIRE(t.add(from(i, 1, i), 60));
    }
    CHECK_FALSE(t.add(from(100, 1, 1), 60));
    CHECK(t.add(from(3, 1, 9), 60));  // known senders still count when full
    std::vector<daicho::ledger::DeviceActivity> out;
    t.drain_into(out);
    CHECK(out.size() == 8);
    CHECK(t.add(from(100, 1, 1), 60));
}

TEST_CASE("fact folder folds repeats and keeps distinct facts apart", "[agent][pipeline]") {
    FactFolder f(16);
    std::vector<daicho::ledger::StoredObservation> batch;
    Observation o;
    o.subject.has_mac = true;
    o.subject.mac = MacAddress{{0, 1, 2, 3, 4, 5}};
    o.kind = FactKind::hostname;
    o.value = "RAD-WS01";
    o.source = "dhcp";
    o.evidence.ts_us = 10;
    REQUIRE(f.add(o, batch));
    o.evidence.ts_us = 20;
    REQUIRE(f.add(o, batch));
    REQUIRE(batch.size() == 1);
    CHECK(batch[0].count == 2);
    CHECK(batch[0].evidence.ts_us == 10);
    CHECK(batch[0].last_us == 20);

    o.value = "RAD-WS02";
    REQUIRE(f.add(o, batch));
    o.source = "nbns";
    REQUIRE(f.add(o, batch));
    o.subject.vlan = 7;
    REQUIRE(f.add(o, batch));
    CHECK(batch.size() == 4);

    const std::vector<std::string> more{"a", "b", "c", "d"};
    for (const auto& v : more) {
        o.value = v;
        REQUIRE(f.add(o, batch));
    }
    o.value = "one too many";
    CHECK_FALSE(f.add(o, batch));
    f.clear();
    batch.clear();
    CHECK(f.add(o, batch));
}
