// One machine under several MACs (randomised private MACs, a replaced NIC): linked into one
// device when the DHCP hostname and fingerprint match and the MACs were never active together.

#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "daicho/ledger/ledger.h"
#include "daicho/ledger/time.h"
#include "daicho/ledger/vendor_registry.h"
#include "ledger_test_util.h"
#include "temp_dir.h"

using Catch::Matchers::Contains;
using daicho::collectors::FactKind;
using daicho::ledger::Batch;
using daicho::ledger::CaptureInfo;
using daicho::ledger::DeviceRecord;
using daicho::ledger::Ledger;
using daicho::ledger::VendorRegistry;
using daicho::ledger::Writer;
using daicho::test::activity;
using daicho::test::arp;
using daicho::test::kT0;
using daicho::test::observation;
using daicho::test::TempDir;

namespace {

constexpr std::int64_t kHour = 3'600'000'000;

// A tablet asking DHCP for its name and address from `mac`, active for an hour from `from`.
void tablet(Batch& b, const char* mac, const char* address, std::int64_t from,
            const char* name = "NURSE-TAB-07", const char* print = "1,121,3,6,15,119,252") {
    b.activity.push_back(activity(mac, 30, 10, 1000, from, from + kHour, 1, 1));
    b.observations.push_back(arp(mac, address, 1, 2, from, "dhcp"));
    b.observations.push_back(observation(mac, FactKind::hostname, name, "dhcp", 1, 2, from));
    b.observations.push_back(
        observation(mac, FactKind::dhcp_fingerprint, print, "dhcp", 1, 2, from));
}

// A User-Agent the MAC sent (its browser or app).
void browse(Batch& b, const char* mac, const char* agent, std::int64_t at) {
    b.observations.push_back(observation(mac, FactKind::user_agent, agent, "http", 1, 3, at));
}

// One tablet identity from two MACs two hours apart, the second at `second_address`.
Batch two_tablets(const char* second_address = "10.30.0.42") {
    Batch b;
    tablet(b, "da:a1:19:00:00:01", "10.30.0.41", kT0);
    tablet(b, "da:a1:19:00:00:02", second_address, kT0 + 2 * kHour);
    return b;
}

std::vector<DeviceRecord> ingest(const Batch& b) {
    static int n = 0;
    TempDir tmp;
    const VendorRegistry vendors;
    Ledger l(tmp.path() / "l.db", Ledger::Mode::read_write);
    Writer w(l, vendors);
    const std::string name = "c" + std::to_string(++n);
    w.begin_capture(CaptureInfo{"/captures/" + name, 1, name, 1});
    w.apply(b);
    w.commit_capture(1, 0);
    return l.devices();
}

}  // namespace

TEST_CASE("a rotated private MAC is the same tablet, with the link explained", "[ledger][link]") {
    Batch b;
    tablet(b, "da:a1:19:00:00:01", "10.30.0.41", kT0);
    tablet(b, "da:a1:19:00:00:02", "10.30.0.42", kT0 + 2 * kHour);
    tablet(b, "da:a1:19:00:00:03", "10.30.0.43", kT0 + 5 * kHour);
    const auto ds = ingest(b);
    REQUIRE(ds.size() == 1);
    const DeviceRecord& d = ds[0];
    CHECK(d.mac == "da:a1:19:00:00:03");  // the newest MAC names the machine
    REQUIRE(d.linked.size() == 2);
    CHECK(d.linked[0].mac == "da:a1:19:00:00:01");
    CHECK(d.linked[1].mac == "da:a1:19:00:00:02");
    CHECK_THAT(d.linked[0].reason, Contains("\"nurse-tab-07\"") &&
                                       Contains("1,121,3,6,15,119,252") &&
                                       Contains("da:a1:19:00:00:01 last seen"));
    CHECK(d.addresses.size() == 3);
    CHECK(d.first_seen_us == kT0);
    CHECK(d.last_seen_us == kT0 + 6 * kHour);
    CHECK(d.packets == 30);
    CHECK(d.hostnames == std::vector<std::string>{"NURSE-TAB-07"});
    // Each link quotes its own MACs' times (02 -> 03: 03's own first sighting, not the merged
    // device's, which absorbing 01 moved back to kT0).
    using daicho::ledger::format_time_utc;
    CHECK_THAT(
        d.linked[1].reason,
        Contains("da:a1:19:00:00:02 last seen " + format_time_utc(kT0 + 3 * kHour)) &&
            Contains("before da:a1:19:00:00:03 first seen " + format_time_utc(kT0 + 5 * kHour)));
    CHECK_THAT(
        d.linked[0].reason,
        Contains("da:a1:19:00:00:01 last seen " + format_time_utc(kT0 + kHour)) &&
            Contains("before da:a1:19:00:00:02 first seen " + format_time_utc(kT0 + 2 * kHour)));
}

TEST_CASE("machines active at the same time are never linked", "[ledger][link]") {
    Batch b;
    // Two PCs cloned from one image keep its name, and run side by side.
    tablet(b, "00:0b:5d:00:00:01", "10.30.0.51", kT0, "WARD-PC", "1,3,6,15,31,33,43,44");
    tablet(b, "00:0b:5d:00:00:02", "10.30.0.52", kT0 + kHour / 2, "WARD-PC",
           "1,3,6,15,31,33,43,44");
    CHECK(ingest(b).size() == 2);
}

TEST_CASE("a different DHCP fingerprint or name is a different machine", "[ledger][link]") {
    Batch b;
    tablet(b, "da:a1:19:00:00:01", "10.30.0.41", kT0);
    tablet(b, "da:a1:19:00:00:02", "10.30.0.42", kT0 + 2 * kHour, "NURSE-TAB-07", "1,3,6");
    tablet(b, "da:a1:19:00:00:03", "10.30.0.43", kT0 + 4 * kHour, "NURSE-TAB-08");
    const auto ds = ingest(b);
    CHECK(ds.size() == 3);
    for (const auto& d : ds) {
        CHECK(d.linked.empty());
    }
}

TEST_CASE("the same name and fingerprint on two sensors are two machines", "[ledger][link]") {
    Batch b;
    tablet(b, "da:a1:19:00:00:01", "10.30.0.41", kT0);
    b.activity.push_back(
        activity("da:a1:19:00:00:02", 30, 10, 1000, kT0 + 2 * kHour, kT0 + 3 * kHour, 1, 1, 1));
    auto name = observation("da:a1:19:00:00:02", FactKind::hostname, "NURSE-TAB-07", "dhcp", 1, 2,
                            kT0 + 2 * kHour);
    name.subject.sensor = 1;
    auto print = observation("da:a1:19:00:00:02", FactKind::dhcp_fingerprint,
                             "1,121,3,6,15,119,252", "dhcp", 1, 2, kT0 + 2 * kHour);
    print.subject.sensor = 1;
    b.observations.push_back(name);
    b.observations.push_back(print);
    CHECK(ingest(b).size() == 2);
}

TEST_CASE("four machines of one image in four subnets with four browsers are four devices",
          "[ledger][link]") {
    // Issue 11: Windows XP machines cloned from one image (one host name, one DHCP
    // fingerprint) in different NAT subnets, with different browsers, never on at once.
    Batch b;
    const char* macs[] = {"00:0c:29:00:00:01", "00:0c:29:00:00:02", "00:0c:29:00:00:03",
                          "00:0c:29:00:00:04"};
    const char* addresses[] = {"192.168.1.20", "192.168.2.20", "192.168.3.20", "192.168.4.20"};
    const char* agents[] = {"Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.1)",
                            "Mozilla/5.0 (Windows NT 5.1; rv:52.0) Gecko/20100101 Firefox/52.0",
                            "Opera/9.80 (Windows NT 5.1) Presto/2.12.388 Version/12.18",
                            "Mozilla/5.0 (Windows NT 5.1) AppleWebKit/537.36 Chrome/49.0"};
    for (int i = 0; i < 4; ++i) {
        const std::int64_t from = kT0 + 2 * i * kHour;
        tablet(b, macs[i], addresses[i], from, "XPCLIENT", "1,15,3,6,44,46,47,31,33,249,43");
        browse(b, macs[i], agents[i], from);
    }
    const auto ds = ingest(b);
    CHECK(ds.size() == 4);
    for (const auto& d : ds) {
        CHECK(d.linked.empty());
    }
}

TEST_CASE("MACs of one identity are told apart by network, fingerprints or User-Agents",
          "[ledger][link]") {
    SECTION("different subnets alone") {
        Batch b = two_tablets("10.31.0.41");
        CHECK(ingest(b).size() == 2);
    }
    SECTION("different browsers alone, in one subnet") {
        Batch b = two_tablets();
        browse(b, "da:a1:19:00:00:01", "Firefox/52.0", kT0);
        browse(b, "da:a1:19:00:00:02", "Chrome/49.0", kT0 + 2 * kHour);
        CHECK(ingest(b).size() == 2);
    }
    SECTION("one User-Agent in common links; a MAC that sent none links") {
        Batch b = two_tablets();
        tablet(b, "da:a1:19:00:00:03", "10.30.0.43", kT0 + 4 * kHour);
        browse(b, "da:a1:19:00:00:01", "NurseApp/3.1 iOS/17.4", kT0);
        browse(b, "da:a1:19:00:00:03", "NurseApp/3.1 iOS/17.4", kT0 + 4 * kHour);
        const auto ds = ingest(b);
        REQUIRE(ds.size() == 1);
        CHECK(ds[0].linked.size() == 2);
    }
    SECTION("a second fingerprint on one MAC only") {
        Batch b = two_tablets();
        b.observations.push_back(observation("da:a1:19:00:00:02", FactKind::dhcp_fingerprint,
                                             "1,3,6", "dhcp", 1, 3, kT0 + 2 * kHour));
        CHECK(ingest(b).size() == 2);
    }
    SECTION("two of four in one subnet: those two link, the others stay apart") {
        Batch b;
        tablet(b, "da:a1:19:00:00:01", "10.30.0.41", kT0);
        tablet(b, "da:a1:19:00:00:02", "10.40.0.41", kT0 + 2 * kHour);
        tablet(b, "da:a1:19:00:00:03", "10.30.0.42", kT0 + 4 * kHour);
        tablet(b, "da:a1:19:00:00:04", "10.50.0.41", kT0 + 6 * kHour);
        const auto ds = ingest(b);
        REQUIRE(ds.size() == 3);
        const auto linked = std::count_if(ds.begin(), ds.end(),
                                          [](const DeviceRecord& d) { return !d.linked.empty(); });
        CHECK(linked == 1);
        for (const auto& d : ds) {
            if (!d.linked.empty()) {
                CHECK(d.mac == "da:a1:19:00:00:03");
                CHECK(d.linked[0].mac == "da:a1:19:00:00:01");
            }
        }
    }
}
