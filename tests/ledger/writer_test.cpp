// The writer: batches become devices, VLANs, addresses and facts; repeats are upserts; a
// capture is all-or-nothing.

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "daicho/ledger/ledger.h"
#include "daicho/ledger/vendor_registry.h"
#include "ledger_test_util.h"
#include "temp_dir.h"

namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using daicho::collectors::FactKind;
using daicho::ledger::Batch;
using daicho::ledger::CaptureInfo;
using daicho::ledger::DeviceRecord;
using daicho::ledger::Error;
using daicho::ledger::Ledger;
using daicho::ledger::VendorRegistry;
using daicho::ledger::Writer;
using daicho::ledger::WriteStats;
using daicho::test::activity;
using daicho::test::arp;
using daicho::test::kT0;
using daicho::test::observation;
using daicho::test::query;
using daicho::test::TempDir;

namespace {

CaptureInfo capture(const std::string& name, std::uint64_t size) {
    return CaptureInfo{"/captures/" + name, size, "sha256:" + name, 1};
}

// A hospital LAN in miniature: an infusion pump (global MAC, VLAN 10) announcing three
// addresses and a DHCP hostname, and a phone with a randomised (local) MAC.
Batch ward_batch(std::uint32_t cap) {
    Batch b;
    b.activity.push_back(activity("00:11:22:33:44:55", 10, 5, 500, kT0 + 10, kT0 + 90, cap, 3));
    b.activity.push_back(activity("da:a1:19:00:00:01", 10, 2, 120, kT0 + 20, kT0 + 30, cap, 7));
    b.observations.push_back(arp("00:11:22:33:44:55", "192.0.2.10", cap, 3, kT0 + 10));
    b.observations.push_back(arp("00:11:22:33:44:55", "192.0.2.9", cap, 4, kT0 + 11));
    b.observations.push_back(arp("00:11:22:33:44:55", "fe80::1", cap, 5, kT0 + 12, "ndp"));
    b.observations.push_back(
        observation("00:11:22:33:44:55", FactKind::hostname, "pump-01", "dhcp", cap, 6, kT0 + 13));
    b.observations.push_back(observation("00:11:22:33:44:55", FactKind::system_name, "PUMP-01",
                                         "lldp", cap, 8, kT0 + 14));
    b.observations.push_back(
        observation("00:11:22:33:44:55", FactKind::firmware, "4.2.1", "lldp", cap, 8, kT0 + 14));
    return b;
}

const DeviceRecord& by_mac(const std::vector<DeviceRecord>& ds, const std::string& mac) {
    for (const auto& d : ds) {
        if (d.mac == mac) {
            return d;
        }
    }
    FAIL("no device " << mac);
    throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("a batch becomes devices with vendor, VLANs, addresses and evidence",
          "[ledger][writer]") {
    TempDir dir;
    Ledger l(dir.path() / "t.ledger", Ledger::Mode::read_write);
    VendorRegistry vendors;
    vendors.add("001122", "Acme Medical Systems");
    Writer w(l, vendors);

    const std::uint32_t cap = w.begin_capture(capture("ward.pcap", 1000));
    CHECK(cap >= 1);
    w.apply(ward_batch(cap));
    const WriteStats s = w.commit_capture(42, 1);
    CHECK(s.devices_new == 2);
    CHECK(s.devices_updated == 0);
    CHECK(s.facts_new == 3);

    const auto found = l.find_capture(1000, "sha256:ward.pcap");
    REQUIRE(found);
    CHECK(found->id == cap);
    CHECK(found->path == "/captures/ward.pcap");
    CHECK(found->frames == 42);
    CHECK(found->decode_errors == 1);
    CHECK(found->ingested_at_us > kT0 - 1'000'000'000'000);
    CHECK_FALSE(l.find_capture(1000, "sha256:other"));

    const auto ds = l.devices();
    REQUIRE(ds.size() == 2);
    CHECK(l.device_count() == 2);
    CHECK(ds[0].mac == "00:11:22:33:44:55");  // sorted by (domain, MAC)
    CHECK(ds[1].mac == "da:a1:19:00:00:01");

    const DeviceRecord& pump = ds[0];
    CHECK(pump.vendor == "Acme Medical Systems");
    CHECK(pump.mac_kind == "global");
    CHECK(pump.domain == 0);
    CHECK(pump.category == "unknown");
    CHECK(pump.vlans == std::vector<int>{10});
    CHECK(pump.packets == 5);
    CHECK(pump.bytes == 500);
    CHECK(pump.first_seen_us == kT0 + 10);
    CHECK(pump.last_seen_us == kT0 + 90);
    CHECK(pump.first_evidence.capture == "/captures/ward.pcap");
    CHECK(pump.first_evidence.frame == 3);
    REQUIRE(pump.addresses.size() == 3);
    CHECK(pump.addresses[0].address == "192.0.2.9");  // numeric order, IPv4 first
    CHECK(pump.addresses[1].address == "192.0.2.10");
    CHECK(pump.addresses[2].address == "fe80::1");
    CHECK(pump.addresses[2].source == "ndp");
    CHECK(pump.addresses[0].source == "arp");
    CHECK(pump.addresses[0].evidence.frame == 4);
    CHECK(pump.addresses[1].evidence.capture == "/captures/ward.pcap");
    CHECK(pump.hostnames == std::vector<std::string>{"PUMP-01", "pump-01"});
    REQUIRE(pump.software.size() == 1);
    CHECK(pump.software[0].product.empty());  // a bare firmware version names no product
    CHECK(pump.software[0].version == "4.2.1");
    CHECK(pump.software[0].source == "lldp");
    REQUIRE(pump.facts.size() == 3);
    CHECK(pump.facts[0].kind == daicho::collectors::FactKind::firmware);
    CHECK(pump.facts[0].count == 1);
    CHECK(pump.facts[0].evidence.frame == 8);

    const DeviceRecord& phone = ds[1];
    CHECK(phone.mac_kind == "local");
    CHECK(phone.vendor.empty());
    CHECK(phone.addresses.empty());
    CHECK(phone.hostnames.empty());
}

TEST_CASE("ingesting the same traffic again duplicates nothing", "[ledger][writer]") {
    TempDir dir;
    Ledger l(dir.path() / "t.ledger", Ledger::Mode::read_write);
    VendorRegistry vendors;
    Writer w(l, vendors);

    const auto c1 = w.begin_capture(capture("a.pcap", 1));
    w.apply(ward_batch(c1));
    w.commit_capture(10, 0);

    const auto c2 = w.begin_capture(capture("a-copy.pcap", 2));
    CHECK(c2 != c1);
    w.apply(ward_batch(c2));
    w.apply(ward_batch(c2));  // and twice inside one capture
    const WriteStats s = w.commit_capture(10, 0);
    CHECK(s.devices_new == 0);
    CHECK(s.devices_updated == 2);
    CHECK(s.facts_new == 0);

    CHECK(query(l, "SELECT count(*) FROM devices") == "2");
    CHECK(query(l, "SELECT count(*) FROM device_addresses") == "3");
    CHECK(query(l, "SELECT count(*) FROM device_facts") == "3");
    CHECK(query(l, "SELECT count(*) FROM device_vlans") == "2");
    const auto ds = l.devices();
    const DeviceRecord& pump = by_mac(ds, "00:11:22:33:44:55");
    CHECK(pump.packets == 15);
    CHECK(pump.addresses.size() == 3);
    CHECK(pump.facts.at(0).count == 3);
    // The first sighting keeps its evidence.
    CHECK(pump.first_evidence.capture == "/captures/a.pcap");
    CHECK(pump.addresses.at(0).evidence.capture == "/captures/a.pcap");
}

TEST_CASE("an earlier sighting in a later capture moves first_seen and its evidence",
          "[ledger][writer]") {
    TempDir dir;
    Ledger l(dir.path() / "t.ledger", Ledger::Mode::read_write);
    VendorRegistry vendors;
    Writer w(l, vendors);
    auto c1 = w.begin_capture(capture("late.pcap", 1));
    Batch b;
    b.activity.push_back(activity("00:11:22:33:44:55", 0, 1, 60, kT0 + 500, kT0 + 600, c1, 9));
    w.apply(b);
    w.commit_capture(1, 0);
    auto c2 = w.begin_capture(capture("early.pcap", 2));
    b.activity[0] = activity("00:11:22:33:44:55", 0, 1, 60, kT0 + 100, kT0 + 200, c2, 2);
    w.apply(b);
    w.commit_capture(1, 0);
    const auto ds = l.devices();
    REQUIRE(ds.size() == 1);
    CHECK(ds[0].first_seen_us == kT0 + 100);
    CHECK(ds[0].last_seen_us == kT0 + 600);
    CHECK(ds[0].first_evidence.capture == "/captures/early.pcap");
    CHECK(ds[0].first_evidence.frame == 2);
}

TEST_CASE("abort_capture and a destroyed writer leave nothing behind", "[ledger][writer]") {
    TempDir dir;
    Ledger l(dir.path() / "t.ledger", Ledger::Mode::read_write);
    VendorRegistry vendors;
    SECTION("abort_capture") {
        Writer w(l, vendors);
        const auto c = w.begin_capture(capture("x.pcap", 5));
        w.apply(ward_batch(c));
        w.abort_capture();
        w.abort_capture();  // harmless twice
        CHECK_THROWS_AS(w.apply(ward_batch(c)), Error);
        // The writer is usable again, and the same capture can be ingested.
        const auto again = w.begin_capture(capture("x.pcap", 5));
        w.apply(ward_batch(again));
        const auto s = w.commit_capture(1, 0);
        CHECK(s.devices_new == 2);
        CHECK(l.device_count() == 2);
    }
    SECTION("destructor") {
        {
            Writer w(l, vendors);
            const auto c = w.begin_capture(capture("x.pcap", 5));
            w.apply(ward_batch(c));
        }
        CHECK(l.device_count() == 0);
        CHECK_FALSE(l.find_capture(5, "sha256:x.pcap"));
        CHECK(query(l, "SELECT count(*) FROM captures") == "0");
    }
}

TEST_CASE("group and all-zero MACs never become devices", "[ledger][writer]") {
    TempDir dir;
    Ledger l(dir.path() / "t.ledger", Ledger::Mode::read_write);
    VendorRegistry vendors;
    Writer w(l, vendors);
    const auto c = w.begin_capture(capture("noise.pcap", 1));
    Batch b;
    for (const char* m : {"ff:ff:ff:ff:ff:ff", "01:00:5e:00:00:fb", "33:33:00:00:00:01",
                          "01:80:c2:00:00:0e", "00:00:00:00:00:00"}) {
        b.activity.push_back(activity(m, 0, 1, 60, kT0, kT0, c, 1));
        b.observations.push_back(arp(m, "192.0.2.1", c, 1, kT0));
        b.observations.push_back(observation(m, FactKind::hostname, "ghost", "dhcp", c, 1, kT0));
    }
    // Facts without a MAC, or with nothing to say, are ignored too.
    auto no_mac = observation("00:11:22:33:44:55", FactKind::hostname, "routed", "dns", c, 2, kT0);
    no_mac.subject.has_mac = false;
    b.observations.push_back(no_mac);
    b.observations.push_back(
        observation("00:11:22:33:44:55", FactKind::hostname, "", "dhcp", c, 2, kT0));
    b.observations.push_back(arp("00:11:22:33:44:55", "0.0.0.0", c, 2, kT0));
    w.apply(b);
    const auto s = w.commit_capture(5, 0);
    CHECK(s.devices_new == 0);  // nothing usable, so not even the unicast MAC became a device
    CHECK(l.device_count() == 0);
    CHECK(query(l, "SELECT count(*) FROM device_addresses") == "0");
    CHECK(query(l, "SELECT count(*) FROM device_facts") == "0");
}

TEST_CASE("one MAC in two VLANs is one device; the same MAC on two sensors is two",
          "[ledger][writer]") {
    TempDir dir;
    Ledger l(dir.path() / "t.ledger", Ledger::Mode::read_write);
    VendorRegistry vendors;
    Writer w(l, vendors);
    const auto c = w.begin_capture(capture("trunk.pcap", 1));
    Batch b;
    b.activity.push_back(activity("00:11:22:33:44:55", 20, 3, 300, kT0 + 5, kT0 + 6, c, 2));
    b.activity.push_back(activity("00:11:22:33:44:55", 10, 1, 100, kT0 + 1, kT0 + 2, c, 1));
    b.activity.push_back(activity("00:11:22:33:44:55", 10, 1, 100, kT0 + 1, kT0 + 2, c, 1, 7));
    w.apply(b);
    const auto s = w.commit_capture(5, 0);
    CHECK(s.devices_new == 2);
    const auto ds = l.devices();
    REQUIRE(ds.size() == 2);
    CHECK(ds[0].domain == 0);
    CHECK(ds[0].vlans == std::vector<int>{10, 20});
    CHECK(ds[0].packets == 4);
    CHECK(ds[0].first_seen_us == kT0 + 1);
    CHECK(ds[0].last_seen_us == kT0 + 6);
    CHECK(ds[1].domain == 7);
    CHECK(ds[1].vlans == std::vector<int>{10});
}

TEST_CASE("an address claimed by a MAC that never sent a frame creates the device",
          "[ledger][writer]") {
    TempDir dir;
    Ledger l(dir.path() / "t.ledger", Ledger::Mode::read_write);
    VendorRegistry vendors;
    Writer w(l, vendors);
    const auto c = w.begin_capture(capture("proxy.pcap", 1));
    Batch b;
    b.observations.push_back(arp("00:11:22:aa:bb:cc", "198.51.100.7", c, 12, kT0 + 3));
    w.apply(b);
    CHECK(w.commit_capture(12, 0).devices_new == 1);
    const auto ds = l.devices();
    REQUIRE(ds.size() == 1);
    CHECK(ds[0].packets == 0);
    CHECK(ds[0].first_seen_us == kT0 + 3);
    CHECK(ds[0].first_evidence.frame == 12);
    REQUIRE(ds[0].addresses.size() == 1);
    CHECK(ds[0].addresses[0].address == "198.51.100.7");
    CHECK(ds[0].vlans.empty());
}

TEST_CASE("a vendor unknown at first is filled in later", "[ledger][writer]") {
    TempDir dir;
    Ledger l(dir.path() / "t.ledger", Ledger::Mode::read_write);
    Batch b;
    {
        VendorRegistry none;
        Writer w(l, none);
        const auto c = w.begin_capture(capture("1.pcap", 1));
        b.activity.push_back(activity("00:11:22:33:44:55", 0, 1, 60, kT0, kT0, c, 1));
        w.apply(b);
        w.commit_capture(1, 0);
    }
    CHECK(l.devices().at(0).vendor.empty());
    VendorRegistry vendors;
    vendors.add("001122", "Acme Medical Systems");
    Writer w(l, vendors);
    const auto c = w.begin_capture(capture("2.pcap", 2));
    b.activity[0].first_evidence.capture_id = c;
    w.apply(b);
    CHECK(w.commit_capture(1, 0).devices_updated == 1);
    CHECK(l.devices().at(0).vendor == "Acme Medical Systems");
}

TEST_CASE("misuse of the writer is a clear error", "[ledger][writer]") {
    TempDir dir;
    Ledger l(dir.path() / "t.ledger", Ledger::Mode::read_write);
    VendorRegistry vendors;
    Writer w(l, vendors);
    CHECK_THROWS_WITH(w.apply(Batch{}), Contains("without an open capture"));
    CHECK_THROWS_WITH(w.commit_capture(0, 0), Contains("without an open capture"));
    w.begin_capture(capture("a.pcap", 1));
    CHECK_THROWS_WITH(w.begin_capture(capture("b.pcap", 2)), Contains("still open"));
    w.commit_capture(0, 0);
    // The same content twice is refused; the agent checks find_capture.
    CHECK_THROWS_WITH(w.begin_capture(capture("a.pcap", 1)), Contains("already recorded"));
    const auto c = w.begin_capture(capture("c.pcap", 3));  // still usable
    CHECK(c > 0);
    w.abort_capture();
}

TEST_CASE("wire strings are stored byte for byte", "[ledger][writer]") {
    TempDir dir;
    Ledger l(dir.path() / "t.ledger", Ledger::Mode::read_write);
    VendorRegistry vendors;
    Writer w(l, vendors);
    const auto c = w.begin_capture(capture("hostile.pcap", 1));
    const std::string hostile("=cmd|' /C calc'!A0\x01\x1b[31m\xff\xfe\0tail", 29);
    Batch b;
    b.observations.push_back(
        observation("00:11:22:33:44:55", FactKind::hostname, hostile, "dhcp", c, 1, kT0));
    w.apply(b);
    w.commit_capture(1, 0);
    const auto ds = l.devices();
    REQUIRE(ds.size() == 1);
    REQUIRE(ds[0].hostnames.size() == 1);
    CHECK(ds[0].hostnames[0] == hostile);
}

TEST_CASE("a full disk rolls the capture back and says so", "[ledger][writer]") {
    TempDir dir;
    const fs::path file = dir.path() / "full.ledger";
    Ledger l(file, Ledger::Mode::read_write);
    VendorRegistry vendors;
    Writer w(l, vendors);
    const auto c1 = w.begin_capture(capture("ok.pcap", 1));
    w.apply(ward_batch(c1));
    w.commit_capture(1, 0);

    // SQLITE_FULL without filling a real disk: cap the file at its current size.
    const std::string pages = query(l, "PRAGMA page_count");
    query(l, "PRAGMA max_page_count = " + pages);
    const auto c2 = w.begin_capture(capture("big.pcap", 2));
    Batch big;
    for (int i = 0; i < 2000; ++i) {
        char m[18];
        std::snprintf(m, sizeof m, "00:16:%02x:%02x:00:01", (i >> 8) & 0xff, i & 0xff);
        big.activity.push_back(activity(m, 1, 1, 60, kT0, kT0, c2, 1));
        big.observations.push_back(
            observation(m, FactKind::software, std::string(300, 'x'), "http", c2, 1, kT0));
    }
    // apply() only stages (outside the ledger); the merge at commit meets the full disk.
    w.apply(big);
    CHECK_THROWS_WITH(w.commit_capture(1, 0),
                      Contains(file.filename().string()) && Contains("disk full"));
    CHECK_THROWS_AS(w.commit_capture(1, 0), Error);  // the capture is gone

    query(l, "PRAGMA max_page_count = 1073741823");
    CHECK(query(l, "PRAGMA integrity_check") == "ok");
    CHECK(l.device_count() == 2);
    CHECK(l.find_capture(1, "sha256:ok.pcap"));
    CHECK_FALSE(l.find_capture(2, "sha256:big.pcap"));
    // And the writer recovers once there is room.
    const auto c3 = w.begin_capture(capture("big.pcap", 2));
    for (auto& a : big.activity) {
        a.first_evidence.capture_id = c3;
    }
    big.observations.clear();
    w.apply(big);
    CHECK(w.commit_capture(1, 0).devices_new == 2000);
}

TEST_CASE("the real IEEE registry names well-known vendors", "[ledger][writer][vendors]") {
    const fs::path ieee = DAICHO_IEEE_DATA_DIR;
    if (!fs::exists(ieee / "oui.csv")) {
        WARN("skipped: no IEEE registry at " << ieee.string() << " (install ieee-data)");
        return;
    }
    const VendorRegistry vendors = VendorRegistry::load(ieee);
    TempDir dir;
    Ledger l(dir.path() / "t.ledger", Ledger::Mode::read_write);
    Writer w(l, vendors);
    const auto c = w.begin_capture(capture("cisco.pcap", 1));
    Batch b;
    b.activity.push_back(activity("00:00:0c:07:ac:01", 0, 1, 60, kT0, kT0, c, 1));
    w.apply(b);
    w.commit_capture(1, 0);
    CHECK(l.devices().at(0).vendor == "Cisco Systems, Inc");
}

TEST_CASE("a capture's one batch merged from memory gives the ledger that staging gives",
          "[ledger][writer]") {
    // Writer::apply(Batch&&) hands the batch to Staging, which keeps the first one in memory
    // and merges it without the staging file. The batch holds a fact seen on two VLANs:
    // staging folds those two rows into one, the direct merge folds them in the ledger's
    // upsert; the rows must agree.
    const auto batch = [](std::uint32_t cap) {
        Batch b = ward_batch(cap);
        b.observations.push_back(observation("00:11:22:33:44:55", FactKind::hostname, "pump-01",
                                             "dhcp", cap, 2, kT0 + 5, 20));
        return b;
    };
    const auto dump = [](const Ledger& l) {
        return query(l,
                     "SELECT group_concat(x, ' | ') FROM (SELECT d.mac || ' ' || f.kind || ' ' || "
                     "f.value || ' ' || f.count || ' ' || f.first_seen || ' ' || f.last_seen || "
                     "' ' || f.frame AS x FROM device_facts f JOIN devices d ON d.id = f.device_id "
                     "ORDER BY 1)") +
               " / " +
               query(l,
                     "SELECT group_concat(x, ' | ') FROM (SELECT d.mac || ' ' || a.address || ' ' "
                     "|| a.count || ' ' || a.frame AS x FROM device_addresses a JOIN devices d ON "
                     "d.id = a.device_id ORDER BY 1)") +
               " / " +
               query(l,
                     "SELECT group_concat(x, ' | ') FROM (SELECT d.mac || ' ' || d.first_seen || "
                     "' ' || d.last_seen || ' ' || d.packets || ' ' || d.bytes || ' ' || "
                     "d.first_frame || ' ' || d.category AS x FROM devices d ORDER BY 1)") +
               " / " +
               query(l,
                     "SELECT group_concat(x, ' | ') FROM (SELECT coalesce(d.mac, '') || ' ' || "
                     "e.kind || ' ' || e.field || ' ' || e.after || ' ' || e.frame AS x FROM "
                     "events e LEFT JOIN devices d ON d.id = e.device_id ORDER BY 1)");
    };
    VendorRegistry vendors;
    TempDir dir;
    Ledger staged(dir.path() / "staged.ledger", Ledger::Mode::read_write);
    {
        Writer w(staged, vendors);
        const Batch b = batch(w.begin_capture(capture("x.pcap", 5)));
        w.apply(b);  // an lvalue: staged
        w.commit_capture(9, 0);
    }
    Ledger held(dir.path() / "held.ledger", Ledger::Mode::read_write);
    {
        Writer w(held, vendors);
        w.apply(batch(w.begin_capture(capture("x.pcap", 5))));  // held, merged from memory
        w.commit_capture(9, 0);
    }
    Ledger split(dir.path() / "split.ledger", Ledger::Mode::read_write);
    {
        // Two batches: the first is held, then staged when the second comes.
        Writer w(split, vendors);
        const auto cap = w.begin_capture(capture("x.pcap", 5));
        Batch whole = batch(cap);
        Batch second;
        second.observations.push_back(whole.observations.back());
        whole.observations.pop_back();
        w.apply(std::move(whole));
        w.apply(std::move(second));
        w.commit_capture(9, 0);
    }
    const std::string expected = dump(staged);
    CHECK_THAT(expected, Contains("pump-01 2 "));  // the two VLANs' sightings folded
    CHECK(dump(held) == expected);
    CHECK(dump(split) == expected);
}
