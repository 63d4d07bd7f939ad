// Floods of new stations: the gate admits known stations and a budget of new ones, counts the
// rest, and the ledger records the flood as an event a person sees; memory stays fixed.

#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "hex.h"
#include "pcap_bytes.h"
#include "pipeline/distinct_counter.h"
#include "pipeline/station_gate.h"
#include "run_daicho.h"
#include "temp_dir.h"

using daicho::agent::DistinctCounter;
using daicho::agent::FloodLimits;
using daicho::agent::StationGate;
using daicho::collectors::EvidenceRef;
using daicho::collectors::MacAddress;
using daicho::test::q;
using daicho::test::run_daicho;

namespace {

MacAddress station(std::uint32_t i) {
    return MacAddress{{0x02, 0x00, static_cast<std::uint8_t>(i >> 24U),
                       static_cast<std::uint8_t>(i >> 16U), static_cast<std::uint8_t>(i >> 8U),
                       static_cast<std::uint8_t>(i)}};
}

EvidenceRef at(std::int64_t seconds) {
    EvidenceRef e;
    e.ts_us = 1772438400'000000 + seconds * 1'000'000;
    e.frame_no = static_cast<std::uint64_t>(seconds) + 1;
    return e;
}

}  // namespace

TEST_CASE("station gate: a burst of new stations, then a refill per minute",
          "[agent][pipeline][flood]") {
    FloodLimits limits;
    limits.new_stations_burst = 100;
    limits.new_stations_per_minute = 10;
    StationGate gate(limits, 1);
    gate.know(0, station(999999));
    std::uint32_t admitted = 0;
    for (std::uint32_t i = 0; i < 1000; ++i) {
        admitted += gate.admit_mac(0, station(i), at(0)) ? 1 : 0;
    }
    CHECK(admitted == 100);
    CHECK(gate.admit_mac(0, station(999999), at(1)));  // in the ledger: always admitted
    CHECK(gate.admit_mac(0, station(5), at(1)));       // admitted earlier: still admitted
    CHECK_FALSE(gate.admit_mac(0, station(500), at(1)));
    CHECK(gate.admit_mac(0, station(500), at(61)));     // a minute later: ten tokens back
    CHECK(gate.admit_mac(1, station(999999), at(61)));  // another sensor's station is new

    const auto floods = gate.take_floods();
    REQUIRE(floods.size() == 1);
    CHECK(floods[0].first_us == at(0).ts_us);
    CHECK(floods[0].last_us == at(1).ts_us);
    CHECK(floods[0].refused_frames == 901);
    CHECK(floods[0].refused >= 880);  // 900 distinct, estimated
    CHECK(floods[0].refused <= 920);
    CHECK(floods[0].evidence.frame_no == 1);
    CHECK(gate.take_floods().empty());
}

TEST_CASE("station gate: a minute without refusals ends a flood", "[agent][pipeline][flood]") {
    FloodLimits limits;
    limits.new_stations_burst = 1;
    limits.new_stations_per_minute = 0;
    StationGate gate(limits, 0);
    CHECK(gate.admit_mac(0, station(1), at(0)));
    CHECK_FALSE(gate.admit_mac(0, station(2), at(0)));
    CHECK_FALSE(gate.admit_mac(0, station(3), at(200)));
    CHECK_FALSE(gate.admit_ip(0, daicho::collectors::IpAddress::v4(0x0a000001), at(201)));
    const auto floods = gate.take_floods();
    REQUIRE(floods.size() == 2);
    CHECK(floods[0].refused_frames == 1);
    CHECK(floods[1].refused_frames == 2);
    CHECK(floods[1].first_us == at(200).ts_us);
}

TEST_CASE("distinct counter: within a few percent, in fixed memory", "[agent][pipeline][flood]") {
    DistinctCounter c;
    CHECK(c.estimate() == 0);
    std::uint64_t x = 0x1234;
    for (int i = 0; i < 200000; ++i) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        c.add(x ^ (x >> 29U));
        c.add(x ^ (x >> 29U));  // repeats do not count
    }
    CHECK(c.estimate() > 190000);
    CHECK(c.estimate() < 210000);
}

TEST_CASE("a MAC flood is counted, not stored, and shows as an event", "[agent][cli][flood]") {
    daicho::test::TempDir tmp;
    std::vector<daicho::test::PcapRecord> recs;
    for (std::uint32_t i = 0; i < 400; ++i) {
        char src[13];
        std::snprintf(src, sizeof src, "02%010x", i * 2654435761U);  // locally administered
        recs.push_back({daicho::test::hex(std::string("ffffffffffff") + src +
                                          "0800 4500001c000000004001 0000 0a000001 0a000002"
                                          "0800f7ff00000000"),
                        1772438400, i, 0});
    }
    const auto cap = tmp.path() / "flood.pcap";
    daicho::test::write_file(cap, daicho::test::pcap_bytes(recs));
    const auto config = tmp.path() / "daicho.json";
    daicho::test::write_file(
        config, daicho::test::bytes_of(
                    R"({"flood": {"new_stations_burst": 50, "new_stations_per_minute": 0}})"));
    const auto db = tmp.path() / "ledger.db";

    const auto r =
        run_daicho(tmp, "ingest --config " + q(config) + " --db " + q(db) + " " + q(cap));
    INFO(r.err);
    REQUIRE(r.status == 0);
    CHECK(r.out.find("機器 新規 50 /") != std::string::npos);
    CHECK(r.out.find("MACアドレス大量発生: 1 回") != std::string::npos);
    CHECK(r.err.find("daicho: warning: flood.pcap の ") != std::string::npos);

    const auto ev = run_daicho(tmp, "events --db " + q(db) + " --kind station_flood --format json");
    REQUIRE(ev.status == 0);
    const auto events = nlohmann::json::parse(ev.out);
    REQUIRE(events.size() == 1);
    CHECK(events[0]["device"].is_null());  // about the link, not one device
    const auto refused = std::stoull(events[0]["after"].get<std::string>());
    CHECK(refused >= 340);
    CHECK(refused <= 360);
    const auto devices = run_daicho(tmp, "devices --db " + q(db) + " --format json");
    REQUIRE(devices.status == 0);
    CHECK(nlohmann::json::parse(devices.out).size() == 50);
    const auto table = run_daicho(tmp, "events --db " + q(db));
    CHECK(table.status == 0);
    CHECK((table.out.find("Station flood") != std::string::npos ||
           table.out.find("MACアドレス大量発生") != std::string::npos));
}
