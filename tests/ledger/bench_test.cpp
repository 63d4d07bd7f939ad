// Measurements, not assertions on time (STYLE.md §4.8): hidden from the default run.
//   daicho_ledger_tests "[.bench]" -s
// prints registry load time and devices() time for a 5000-device ledger.

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <string>

#include "daicho/ledger/ledger.h"
#include "daicho/ledger/vendor_registry.h"
#include "daicho/survey/export.h"
#include "ledger_test_util.h"
#include "temp_dir.h"

namespace fs = std::filesystem;
using daicho::collectors::FactKind;
using daicho::ledger::Batch;
using daicho::ledger::CaptureInfo;
using daicho::ledger::Ledger;
using daicho::ledger::VendorRegistry;
using daicho::ledger::Writer;
using daicho::test::activity;
using daicho::test::arp;
using daicho::test::kT0;
using daicho::test::observation;
using daicho::test::TempDir;

namespace {

template <typename Fn>
double millis(Fn&& fn) {
    const auto t0 = std::chrono::steady_clock::now();
    fn();
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

TEST_CASE("bench: loading the IEEE registry", "[.bench][ledger]") {
    const fs::path ieee = DAICHO_IEEE_DATA_DIR;
    if (!fs::exists(ieee / "oui.csv")) {
        WARN("no IEEE registry at " << ieee.string());
        return;
    }
    std::size_t n = 0;
    double best = 1e9;
    for (int i = 0; i < 5; ++i) {
        best = std::min(best, millis([&] { n = VendorRegistry::load(ieee).size(); }));
    }
    WARN("VendorRegistry::load: " << n << " assignments in " << best << " ms (best of 5)");
}

TEST_CASE("bench: 5000 devices", "[.bench][ledger]") {
    TempDir dir;
    Ledger l(dir.path() / "bench.ledger", Ledger::Mode::read_write);
    VendorRegistry vendors;
    vendors.add("00163E", "Xensource, Inc.");
    Writer w(l, vendors);
    const auto c = w.begin_capture(CaptureInfo{"/captures/bench.pcap", 1, "d", 1});
    Batch b;
    for (int i = 0; i < 5000; ++i) {
        char m[18];
        char a[16];
        std::snprintf(m, sizeof m, "00:16:3e:%02x:%02x:01", (i >> 8) & 0xff, i & 0xff);
        std::snprintf(a, sizeof a, "10.1.%d.%d", (i >> 8) & 0xff, i & 0xff);
        b.activity.push_back(activity(m, 10, 3, 300, kT0 + i, kT0 + i + 5, c, 1));
        b.activity.push_back(activity(m, 20, 3, 300, kT0 + i, kT0 + i + 5, c, 1));
        b.observations.push_back(arp(m, a, c, 2, kT0 + i));
        b.observations.push_back(
            observation(m, FactKind::hostname, "host-" + std::to_string(i), "dhcp", c, 3, kT0));
        b.observations.push_back(observation(
            m, FactKind::software, "Apache/2.4." + std::to_string(i % 60), "http", c, 4, kT0));
        b.observations.push_back(
            observation(m, FactKind::vendor_class, "MSFT 5.0", "dhcp", c, 5, kT0));
    }
    const double write_ms = millis([&] {
        w.apply(b);
        w.commit_capture(5000, 0);
    });
    std::size_t n = 0;
    double read_ms = 1e9;
    for (int i = 0; i < 5; ++i) {
        read_ms = std::min(read_ms, millis([&] { n = l.devices().size(); }));
    }
    const auto ds = l.devices();
    std::ostringstream json;
    std::ostringstream csv;
    const double json_ms = millis([&] { daicho::survey::write_devices_json(json, ds); });
    const double csv_ms = millis([&] { daicho::survey::write_devices_csv(csv, ds); });
    WARN("write 5000 devices (30000 rows) in one capture: "
         << write_ms << " ms; devices(): " << n << " in " << read_ms << " ms (best of 5); JSON "
         << json_ms << " ms (" << json.str().size() / 1024 << " KiB); CSV " << csv_ms << " ms");
}
