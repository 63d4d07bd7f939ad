// The writer reclassifies the devices a commit touched a part at a time (write/reclassify.h),
// so its memory does not grow with the capture. Each record must still be the one the whole
// set gives: a router in the first part carries a server's banner, the server is in the last.

#include "write/reclassify.h"

#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <string>
#include <tuple>
#include <vector>

#include "daicho/ledger/ledger.h"
#include "daicho/ledger/vendor_registry.h"
#include "ledger_test_util.h"
#include "read/devices.h"
#include "read/routed_facts.h"
#include "temp_dir.h"

using daicho::collectors::FactKind;
using daicho::ledger::DeviceRecord;
using daicho::ledger::kReclassifyPart;
using daicho::ledger::Ledger;
using daicho::test::activity;
using daicho::test::arp;
using daicho::test::has_fact;
using daicho::test::kT0;
using daicho::test::sent_from;

namespace {

// Ledger order is by MAC: the router sorts before the numbered devices (00:16:3e:...), the
// server after them.
constexpr const char* kRouter = "00:09:0f:00:00:01";
constexpr const char* kServer = "f0:de:f1:00:00:05";
constexpr const char* kBanner = "SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.6";

using FactKey = std::tuple<std::string, std::string, std::string, std::string>;
std::vector<FactKey> facts_of(const DeviceRecord& d) {
    std::vector<FactKey> out;
    for (const auto& f : d.facts) {
        out.emplace_back(std::string(f.kind_name()), f.value, f.source, f.subject_ip);
    }
    return out;
}

}  // namespace

TEST_CASE("reclassifying in parts reads each device as the whole set shows it",
          "[ledger][routed]") {
    daicho::test::TempDir tmp;
    const daicho::ledger::VendorRegistry vendors;
    Ledger l(tmp.path() / "l.db", Ledger::Mode::read_write);
    auto b = daicho::test::numbered_devices(1, 0, 2 * static_cast<int>(kReclassifyPart) + 50, true);
    b.activity.push_back(activity(kRouter, 10, 50, 50000, kT0, kT0 + 100, 1, 1));
    b.activity.push_back(activity(kServer, 10, 5, 500, kT0, kT0 + 100, 1, 2));
    b.observations.push_back(arp(kRouter, "10.0.0.1", 1, 1, kT0));
    b.observations.push_back(arp(kServer, "10.20.0.5", 1, 2, kT0));
    b.observations.push_back(
        sent_from(kRouter, "10.20.0.5", FactKind::software, kBanner, "ssh", 1, 3));
    b.observations.push_back(
        sent_from(kRouter, "10.20.0.5", FactKind::service, "tcp/22", "tcp", 1, 4));
    b.observations.push_back(
        sent_from(kRouter, "10.20.0.6", FactKind::software, "Microsoft-IIS/10.0", "http", 1, 5));
    {
        daicho::ledger::Writer w(l, vendors);
        w.begin_capture(daicho::ledger::CaptureInfo{"/captures/one.pcap", 100, "sha256:one", 1});
        w.apply(b);
        w.commit_capture(10, 0);
    }

    std::vector<std::int64_t> ids;
    for (const DeviceRecord& d : l.devices()) {
        ids.push_back(d.id);
    }
    REQUIRE(ids.size() > 2 * kReclassifyPart);

    sqlite3* db = l.handle();
    REQUIRE(sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
    // The reference: the whole set read at once, as the writer read it before it read parts.
    auto whole = daicho::ledger::load_device_rows(db, ids);
    daicho::ledger::hand_over_routed_facts(whole, l.address_plan());
    daicho::ledger::finish_devices(db, whole, false, daicho::ledger::Part::touched,
                                   l.knowledge());
    std::vector<DeviceRecord> parts;
    daicho::ledger::reclassify(db, l.knowledge(), l.address_plan(), ids,
                               [&parts](const DeviceRecord& d) { parts.push_back(d); });
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);

    REQUIRE(parts.size() == whole.size());
    std::size_t router = parts.size();
    std::size_t server = parts.size();
    std::size_t differ = 0;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const bool same = parts[i].id == whole[i].id && facts_of(parts[i]) == facts_of(whole[i]) &&
                          parts[i].category == whole[i].category &&
                          parts[i].subtype == whole[i].subtype &&
                          parts[i].services == whole[i].services;
        differ += same ? 0 : 1;
        router = parts[i].mac == kRouter ? i : router;
        server = parts[i].mac == kServer ? i : server;
    }
    CHECK(differ == 0);
    // The banner crossed parts: from the router's (the first) to the server's (the last).
    REQUIRE(router < kReclassifyPart);
    REQUIRE(server >= 2 * kReclassifyPart);
    CHECK(has_fact(parts[server], kBanner));
    CHECK_FALSE(has_fact(parts[router], kBanner));
}
