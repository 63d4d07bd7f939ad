// One machine under several MACs (randomised private MACs, a replaced NIC): linked into one
// device when the DHCP hostname and fingerprint match and the MACs were never active together.

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "daicho/ledger/ledger.h"
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
