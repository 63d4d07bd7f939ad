// The writer's commit scheme (write/staging.h): an open capture is staged outside the ledger,
// so readers never see it and other writers never wait for it; the merge is all or nothing;
// a live source (every_interval) shows each merge at once. And history through indexes: one
// device's N names or N versions are N-1 changes, each against the one before.

#include <catch2/catch.hpp>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

#include "daicho/ledger/annotations.h"
#include "daicho/ledger/events.h"
#include "daicho/ledger/ledger.h"
#include "daicho/ledger/vendor_registry.h"
#include "ledger_test_util.h"
#include "temp_dir.h"

namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using daicho::collectors::FactKind;
using daicho::ledger::Batch;
using daicho::ledger::CaptureInfo;
using daicho::ledger::EventFilter;
using daicho::ledger::Ledger;
using daicho::ledger::VendorRegistry;
using daicho::ledger::Writer;
using daicho::ledger::WriterOptions;
using daicho::test::activity;
using daicho::test::arp;
using daicho::test::kT0;
using daicho::test::numbered_devices;
using daicho::test::observation;
using daicho::test::query;
using daicho::test::TempDir;

namespace {

constexpr const char* kPump = "00:11:22:33:44:55";

std::size_t count_events(const Ledger& l, const std::string& kind) {
    EventFilter f;
    f.kinds = {kind};
    return daicho::ledger::read_events(l, f).size();
}

}  // namespace

TEST_CASE("an open capture is invisible to readers and copies and blocks no other writer",
          "[ledger][writer][staging]") {
    TempDir dir;
    const fs::path file = dir.path() / "t.ledger";
    Ledger l(file, Ledger::Mode::read_write);
    VendorRegistry vendors;
    {
        Writer w(l, vendors);
        const auto c = w.begin_capture(CaptureInfo{"/captures/a.pcap", 1, "sha256:a", 1});
        w.apply(numbered_devices(c, 0, 5, false));
        w.commit_capture(5, 0);
    }
    Writer w(l, vendors);
    const auto c = w.begin_capture(CaptureInfo{"/captures/b.pcap", 2, "sha256:b", 1});
    for (int round = 0; round < 10; ++round) {
        w.apply(numbered_devices(c, 100 + round * 50, 50, false));
    }

    // Another process's view: a second connection, as `devices` or `annotate` would open.
    Ledger other(file, Ledger::Mode::read_write);
    CHECK(other.device_count() == 5);
    // A copy of the ledger (Ledger::copy_to, the evidence pack's ledger.sqlite) is one moment
    // of it: what was committed, none of the open capture. One that cannot be written names
    // the file it could not create.
    other.copy_to(dir.path() / "copy.ledger");
    CHECK(Ledger(dir.path() / "copy.ledger", Ledger::Mode::read_only).device_count() == 5);
    CHECK_THROWS_WITH(other.copy_to(dir.path() / "missing" / "copy.ledger"), Contains("missing"));
    CHECK_FALSE(other.find_capture(2, "sha256:b"));
    CHECK(query(other, "SELECT count(*) FROM captures") == "1");
    CHECK(query(other, "SELECT count(*) FROM events") == "5");
    // It writes at once: the open capture holds no lock on the ledger.
    const auto first = std::stoll(query(other, "SELECT min(id) FROM devices"));
    daicho::ledger::annotate(other, first, {{"location", "ward 3"}}, "cli");
    {
        Writer second(other, vendors);
        const auto c2 = second.begin_capture(CaptureInfo{"/captures/c.pcap", 3, "sha256:c", 1});
        CHECK(c2 != c);  // claimed ids never collide
        second.apply(numbered_devices(c2, 900, 3, false));
        CHECK(second.commit_capture(3, 0).devices_new == 3);
    }

    const auto s = w.commit_capture(500, 0);
    CHECK(s.devices_new == 500);
    CHECK(other.device_count() == 508);
    const auto rec = other.find_capture(2, "sha256:b");
    REQUIRE(rec);
    CHECK(rec->id == c);
    CHECK(rec->frames == 500);
    CHECK(query(other, "SELECT count(*) FROM device_addresses WHERE capture_id = " +
                           std::to_string(c)) == "500");
    CHECK(query(other, "SELECT count(*) FROM capture_claims") == "0");
    CHECK(query(other, "SELECT value FROM annotations WHERE key = 'location'") == "ward 3");
}

TEST_CASE("the same content committed first by another writer is not counted twice",
          "[ledger][writer][staging]") {
    TempDir dir;
    const fs::path file = dir.path() / "t.ledger";
    Ledger a(file, Ledger::Mode::read_write);
    Ledger b(file, Ledger::Mode::read_write);
    VendorRegistry vendors;
    Writer wa(a, vendors);
    Writer wb(b, vendors);
    const auto ca = wa.begin_capture(CaptureInfo{"/captures/x.pcap", 7, "sha256:x", 1});
    const auto cb = wb.begin_capture(CaptureInfo{"/captures/x-copy.pcap", 7, "sha256:x", 1});
    wa.apply(numbered_devices(ca, 0, 4, false));
    wb.apply(numbered_devices(cb, 0, 4, false));
    wa.commit_capture(4, 0);
    CHECK_THROWS_WITH(wb.commit_capture(4, 0), Contains("UNIQUE"));
    CHECK(query(a, "SELECT count(*) FROM captures") == "1");
    CHECK(query(a, "SELECT sum(packets) FROM devices") == "12");  // 4 devices x 3, once
    CHECK(query(a, "SELECT count(*) FROM capture_claims") == "0");
}

TEST_CASE("a live source's merges are visible at once and survive an abort",
          "[ledger][writer][staging]") {
    TempDir dir;
    const fs::path file = dir.path() / "t.ledger";
    Ledger l(file, Ledger::Mode::read_write);
    Ledger reader(file, Ledger::Mode::read_only);
    VendorRegistry vendors;
    WriterOptions options;
    options.merge = WriterOptions::Merge::every_interval;
    options.merge_interval = std::chrono::milliseconds(0);  // every apply merges
    Writer w(l, vendors, options);
    const auto c = w.begin_capture(CaptureInfo{"live:eth0", 0, "live:eth0:1", 1});
    w.apply(numbered_devices(c, 0, 3, false));
    CHECK(reader.device_count() == 3);
    CHECK(query(reader, "SELECT count(*) FROM captures") == "1");
    w.apply(numbered_devices(c, 0, 5, false));  // three known, two new
    CHECK(reader.device_count() == 5);
    CHECK(query(reader, "SELECT sum(packets) FROM devices") == "24");
    const auto s = w.commit_capture(8, 0);
    CHECK(s.devices_new == 5);
    CHECK(s.devices_updated == 3);
    CHECK(reader.find_capture(0, "live:eth0:1")->frames == 8);

    // merge_now is the daemon's timer; a whole-capture writer refuses it.
    Writer file_writer(l, vendors);
    file_writer.begin_capture(CaptureInfo{"/captures/y.pcap", 9, "sha256:y", 1});
    CHECK_THROWS_WITH(file_writer.merge_now(), Contains("whole-capture"));
    file_writer.apply(numbered_devices(0, 400, 1, false));  // misuse, not a failure: still open
    file_writer.abort_capture();
    CHECK(reader.device_count() == 5);

    options.merge_interval = std::chrono::hours(1);
    Writer slow(l, vendors, options);
    const auto c2 = slow.begin_capture(CaptureInfo{"live:eth1", 0, "live:eth1:1", 1});
    slow.apply(numbered_devices(c2, 200, 2, false));
    CHECK(reader.device_count() == 5);  // inside the interval: staged only
    slow.merge_now();
    CHECK(reader.device_count() == 7);
    slow.apply(numbered_devices(c2, 300, 2, false));
    slow.abort_capture();  // drops the unmerged rest only
    CHECK(reader.device_count() == 7);
}

TEST_CASE("a new device's fact staged twice is stored once and counted twice",
          "[ledger][writer][staging]") {
    // The facts of a device the open capture created go in by plain insert (the fast path).
    // Staging keeps a fact per sender address, the ledger per device: the same name sent from
    // two addresses of one MAC (a router's, two hosts behind it) meets its first row, and the
    // insert must fall back to the upsert.
    TempDir dir;
    Ledger l(dir.path() / "t.ledger", Ledger::Mode::read_write);
    VendorRegistry vendors;
    Writer w(l, vendors);
    const auto c = w.begin_capture(CaptureInfo{"/captures/a.pcap", 1, "sha256:a", 1});
    Batch b;
    b.observations.push_back(daicho::test::sent_from(kPump, "10.1.2.3", FactKind::hostname,
                                                     "ward-pump-1", "dhcp", c, 1));
    b.observations.push_back(daicho::test::sent_from(kPump, "10.1.2.4", FactKind::hostname,
                                                     "ward-pump-1", "dhcp", c, 7));
    w.apply(b);
    const auto s = w.commit_capture(7, 0);
    CHECK(query(l, "SELECT count || '|' || last_seen FROM device_facts WHERE kind = 'hostname'") ==
          "2|" + std::to_string(kT0 + 7));
    CHECK(query(l, "SELECT count(*) FROM device_facts") == "1");
    CHECK(s.facts_new == 1);
    CHECK(count_events(l, "name_change") == 0);
}

TEST_CASE("one device's N names are N-1 name changes, each against the one before",
          "[ledger][events][history]") {
    TempDir dir;
    Ledger l(dir.path() / "t.ledger", Ledger::Mode::read_write);
    VendorRegistry vendors;
    Writer w(l, vendors);
    constexpr int kNames = 600;
    const auto name = [](int i) { return "ward-pc-" + std::to_string(1000 + i); };
    // Three captures, several batches each, so a name's predecessor can be in the same batch,
    // an earlier batch or an earlier capture.
    int next = 0;
    for (int capture = 0; capture < 3; ++capture) {
        const std::string tag = "n" + std::to_string(capture);
        const auto c = w.begin_capture(
            CaptureInfo{"/captures/" + tag, static_cast<std::uint64_t>(capture + 1), tag, 1});
        for (int batch = 0; batch < 4; ++batch) {
            Batch b;
            for (int k = 0; k < kNames / 12; ++k, ++next) {
                b.observations.push_back(observation(kPump, FactKind::hostname, name(next), "dhcp",
                                                     c, static_cast<std::uint64_t>(next + 1),
                                                     kT0 + next * 1'000'000LL));
                // The same name again from NetBIOS, upper-cased: another protocol, no change.
                if (k % 50 == 0) {
                    std::string upper = name(next);
                    for (char& ch : upper) {
                        ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
                    }
                    b.observations.push_back(observation(kPump, FactKind::hostname, upper,
                                                         "netbios", c, 1,
                                                         kT0 + next * 1'000'000LL));
                }
            }
            w.apply(b);
        }
        w.commit_capture(1, 0);
    }
    REQUIRE(next == kNames);
    const auto events = daicho::ledger::read_events(l, EventFilter{});
    std::size_t changes = 0;
    for (const auto& e : events) {
        if (e.kind != "name_change") {
            continue;
        }
        ++changes;
        CHECK(e.field == "hostname");
        // DHCP's "ward-pc-1NNN" follows "ward-pc-1(NNN-1)"; NetBIOS's come 50 apart.
        const int step = e.after.rfind("WARD", 0) == 0 ? 50 : 1;
        CHECK(std::stoi(e.after.substr(8)) == std::stoi(e.before.substr(8)) + step);
    }
    // The netbios names form a chain of their own (12 of them: 11 changes).
    CHECK(changes == (kNames - 1) + 11);
    CHECK(count_events(l, "name_change") == changes);
}

TEST_CASE("one device's N software versions are N-1 software changes",
          "[ledger][events][history]") {
    TempDir dir;
    Ledger l(dir.path() / "t.ledger", Ledger::Mode::read_write);
    VendorRegistry vendors;
    Writer w(l, vendors);
    constexpr int kVersions = 200;
    const auto c = w.begin_capture(CaptureInfo{"/captures/ios", 1, "ios", 1});
    for (int batch = 0; batch < 4; ++batch) {
        Batch b;
        for (int k = 0; k < kVersions / 4; ++k) {
            const int v = batch * (kVersions / 4) + k;
            b.observations.push_back(
                observation(kPump, FactKind::system_description,
                            "Cisco IOS Software, C3560 Software (C3560-IPBASE-M), Version 12.2(" +
                                std::to_string(v) + ")SE, RELEASE SOFTWARE",
                            "lldp", c, static_cast<std::uint64_t>(v + 1), kT0 + v * 1'000'000LL));
        }
        w.apply(b);
    }
    w.commit_capture(kVersions, 0);
    EventFilter f;
    f.kinds = {"software_change"};
    const auto events = daicho::ledger::read_events(l, f);
    REQUIRE(events.size() == kVersions - 1);
    for (std::size_t i = 0; i < events.size(); ++i) {
        CHECK(events[i].before == "Cisco IOS 12.2(" + std::to_string(i) + ")SE");
        CHECK(events[i].after == "Cisco IOS 12.2(" + std::to_string(i + 1) + ")SE");
    }
}
