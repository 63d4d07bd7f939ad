// The host a loopback capture was taken on (write/capture_host.h): its own 127.0.0.1 / ::1
// conversation has no MAC and no address that names it, yet it is one device; loopback captures
// from two hosts never merge, and explain says what the row is.

#include <algorithm>
#include <catch2/catch.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "daicho/ledger/knowledge.h"
#include "daicho/ledger/ledger.h"
#include "daicho/ledger/snapshot.h"
#include "daicho/ledger/vendor_registry.h"
#include "daicho/survey/explain_report.h"
#include "ledger_test_util.h"
#include "temp_dir.h"

using Catch::Matchers::Contains;
using daicho::collectors::FactKind;
using daicho::ledger::Batch;
using daicho::ledger::CaptureInfo;
using daicho::ledger::DeviceRecord;
using daicho::ledger::Ledger;
using daicho::ledger::StoredObservation;
using daicho::ledger::VendorRegistry;
using daicho::ledger::Writer;
using daicho::test::ip;
using daicho::test::kT0;
using daicho::test::TempDir;

namespace {

// A fact a loopback frame states about `address`: no MAC (DLT_NULL), or the zero MAC of an
// Ethernet-framed "lo".
StoredObservation loopback(const char* address, FactKind kind, const std::string& value,
                           std::uint64_t frame, bool zero_mac = false) {
    StoredObservation o;
    o.subject.ip = ip(address);
    o.subject.has_mac = zero_mac;
    o.kind = kind;
    o.value = value;
    o.source = "dicom";
    o.evidence = {0, frame, kT0 + static_cast<std::int64_t>(frame)};
    o.last_us = o.evidence.ts_us;
    return o;
}

struct Fixture {
    TempDir tmp;
    VendorRegistry vendors;
    Ledger ledger{tmp.path() / "l.db", Ledger::Mode::read_write};

    void ingest(const std::string& path, const Batch& b) {
        Writer w(ledger, vendors);
        w.begin_capture(CaptureInfo{path, 1, "sha256:" + path, 0});
        w.apply(b);
        w.commit_capture(1, 0);
    }
};

bool has(const DeviceRecord& d, FactKind kind, const std::string& value) {
    return std::any_of(d.facts.begin(), d.facts.end(),
                       [&](const auto& f) { return f.kind == kind && f.value == value; });
}

}  // namespace

TEST_CASE("a loopback capture's host is one device; two captures' hosts stay two",
          "[ledger][capture_host]") {
    Fixture f;
    Batch ward;
    ward.observations.push_back(loopback("127.0.0.1", FactKind::ae_title, "testclient", 1));
    ward.observations.push_back(loopback("127.0.0.1", FactKind::ae_title, "testserver", 1));
    ward.observations.push_back(loopback("::1", FactKind::role, "dicom-scp", 2));  // same host
    ward.observations.push_back(loopback("127.0.0.1", FactKind::ip_address, "", 3));
    f.ingest("/captures/ward-lo.pcap", ward);
    Batch lab;  // another machine's loopback capture, Ethernet-framed with zero MACs
    lab.observations.push_back(loopback("127.0.0.1", FactKind::ae_title, "LABSCU", 1, true));
    f.ingest("/captures/lab-lo.pcap", lab);

    const auto all = f.ledger.devices();
    REQUIRE(all.size() == 2);
    const auto host_of = [&](const std::string& capture) {
        const auto it = std::find_if(all.begin(), all.end(),
                                     [&](const DeviceRecord& d) { return d.capture_host == capture; });
        REQUIRE(it != all.end());
        return *it;
    };
    const DeviceRecord ward_host = host_of("/captures/ward-lo.pcap");
    const DeviceRecord lab_host = host_of("/captures/lab-lo.pcap");
    CHECK(ward_host.id != lab_host.id);
    CHECK(ward_host.mac.empty());
    REQUIRE(ward_host.addresses.size() == 1);
    CHECK(ward_host.addresses[0].address == "127.0.0.1");
    CHECK(has(ward_host, FactKind::ae_title, "testclient"));
    CHECK(has(ward_host, FactKind::ae_title, "testserver"));
    CHECK(has(ward_host, FactKind::role, "dicom-scp"));  // ::1 is the same host
    CHECK_FALSE(has(ward_host, FactKind::ae_title, "LABSCU"));
    CHECK(has(lab_host, FactKind::ae_title, "LABSCU"));
    CHECK_FALSE(has(lab_host, FactKind::ae_title, "testclient"));

    // Explain names what the row is and which capture it took.
    std::ostringstream out;
    daicho::survey::write_explain(out, ward_host, f.ledger.knowledge().classifier(),
                                  daicho::survey::Lang::en);
    CHECK_THAT(out.str(), Contains("127.0.0.1  (capture host (seen only on its own loopback, no "
                                   "MAC): capture /captures/ward-lo.pcap)"));
    // The loopback address is every host's: no address fact of 127.0.0.1 is left behind, and a
    // lookup by it finds both hosts, each on its own.
    CHECK(daicho::ledger::Snapshot(f.ledger).find("127.0.0.1").size() == 2);
}
