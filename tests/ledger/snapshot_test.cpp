// The read API (ledger/snapshot.h): a device found by id, MAC, IP or host name is the very
// record the whole list shows, also when its facts came through a router or it is one machine
// under several MACs; queries are parsed as a person types them.

#include "daicho/ledger/snapshot.h"

#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <memory>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "daicho/ledger/ledger.h"
#include "daicho/ledger/vendor_registry.h"
#include "daicho/survey/export.h"
#include "ledger_test_util.h"
#include "temp_dir.h"

using daicho::collectors::FactKind;
using daicho::ledger::Batch;
using daicho::ledger::CaptureInfo;
using daicho::ledger::DeviceQuery;
using daicho::ledger::DeviceRecord;
using daicho::ledger::Ledger;
using daicho::ledger::Snapshot;
using daicho::ledger::VendorRegistry;
using daicho::ledger::Writer;
using daicho::test::activity;
using daicho::test::arp;
using daicho::test::kT0;
using daicho::test::observation;
using daicho::test::sent_from;
using daicho::test::TempDir;

namespace {

constexpr std::int64_t kHour = 3'600'000'000;
constexpr const char* kRouter = "00:18:73:de:57:c1";
constexpr const char* kWardPc = "00:11:22:33:44:56";
constexpr const char* kPrint = "1,121,3,6,15,119,252";

void tablet(Batch& b, const char* mac, const char* address, std::int64_t at, const char* name) {
    b.activity.push_back(activity(mac, 30, 10, 1000, at, at + kHour, 1, 1));
    b.observations.push_back(arp(mac, address, 1, 2, at, "dhcp"));
    b.observations.push_back(observation(mac, FactKind::hostname, name, "dhcp", 1, 2, at));
    b.observations.push_back(
        observation(mac, FactKind::dhcp_fingerprint, kPrint, "dhcp", 1, 2, at));
}

// A router carrying facts of two servers behind it (routed hosts) and of a PC in another VLAN
// the sensor also sees (a device on the link); a tablet under four MACs, linked through two
// DHCP names (the newest MAC sent both), so finding its oldest MAC needs the second name.
Batch hospital() {
    Batch b;
    b.activity.push_back(activity(kRouter, 10, 50, 50000, kT0, kT0 + 100, 1, 1));
    b.observations.push_back(arp(kRouter, "10.0.0.1", 1, 1, kT0));
    b.observations.push_back(
        sent_from(kRouter, "10.0.0.1", FactKind::software, "SSH-2.0-Cisco-1.25", "ssh", 1, 3));
    b.observations.push_back(
        sent_from(kRouter, "10.20.0.5", FactKind::hostname, "PACS01", "netbios", 1, 4));
    b.observations.push_back(
        sent_from(kRouter, "10.20.0.5", FactKind::service, "tcp/104", "tcp", 1, 5));
    b.observations.push_back(
        sent_from(kRouter, "10.20.0.6", FactKind::software, "Microsoft-IIS/10.0", "http", 1, 6));
    b.observations.push_back(
        sent_from(kRouter, "10.40.0.9", FactKind::software, "Apache/2.4.58", "http", 1, 7));
    b.activity.push_back(activity(kWardPc, 40, 5, 500, kT0, kT0 + 100, 1, 8));
    b.observations.push_back(arp(kWardPc, "10.40.0.9", 1, 8, kT0));
    b.observations.push_back(
        sent_from(kWardPc, "10.40.0.9", FactKind::hostname, "WARD-PC-3", "dhcp", 1, 9));

    tablet(b, "da:a1:19:00:00:04", "10.30.0.40", kT0 - 10 * kHour, "ward-tab");
    tablet(b, "da:a1:19:00:00:01", "10.30.0.41", kT0, "NURSE-TAB-07");
    tablet(b, "da:a1:19:00:00:02", "10.30.0.42", kT0 + 2 * kHour, "NURSE-TAB-07");
    tablet(b, "da:a1:19:00:00:03", "10.30.0.43", kT0 + 5 * kHour, "NURSE-TAB-07");
    b.observations.push_back(observation("da:a1:19:00:00:03", FactKind::hostname, "WARD-TAB",
                                         "dhcp", 1, 3, kT0 + 5 * kHour));

    // A switch: its management MAC and two LLDP port MACs naming it as chassis (one box of
    // three rows); an access switch whose management address is routed (a routed host joins
    // the port row's box).
    b.activity.push_back(activity("00:1b:21:aa:00:01", 10, 9, 900, kT0, kT0 + 50, 1, 20));
    b.observations.push_back(arp("00:1b:21:aa:00:01", "10.0.0.2", 1, 20, kT0));
    for (const char* port : {"00:1b:21:aa:00:11", "00:1b:21:aa:00:12"}) {
        b.activity.push_back(activity(port, 10, 2, 200, kT0, kT0 + 60, 1, 21));
        b.observations.push_back(
            observation(port, FactKind::chassis_id, "00:1b:21:aa:00:01", "lldp", 1, 21, kT0));
        b.observations.push_back(
            observation(port, FactKind::system_name, "core-sw1", "lldp", 1, 21, kT0));
    }
    b.activity.push_back(activity("00:1b:21:ee:00:11", 10, 2, 200, kT0, kT0 + 60, 1, 22));
    b.observations.push_back(observation("00:1b:21:ee:00:11", FactKind::management_address,
                                         "10.50.0.2", "lldp", 1, 22, kT0));
    b.observations.push_back(
        sent_from(kRouter, "10.50.0.2", FactKind::service, "udp/161", "snmp", 1, 23));
    return b;
}

// `b` as one committed capture.
void ingest(Ledger& l, const Batch& b) {
    const VendorRegistry vendors;
    Writer w(l, vendors);
    w.begin_capture(CaptureInfo{"/captures/one.pcap", 100, "sha256:one", 1});
    w.apply(b);
    w.commit_capture(10, 0);
}

std::string json(const DeviceRecord& d) {
    std::ostringstream out;
    daicho::survey::write_devices_json(out, std::span<const DeviceRecord>(&d, 1));
    return out.str();
}

std::string upper(std::string s) {
    for (char& c : s) {
        if (c >= 'a' && c <= 'z') {
            c = static_cast<char>(c - 32);
        }
    }
    return s;
}

bool contains(const std::vector<DeviceRecord>& found, const DeviceRecord& d) {
    for (const auto& f : found) {
        if (f.id == d.id) {
            CHECK(json(f) == json(d));
            return true;
        }
    }
    return false;
}

}  // namespace

TEST_CASE("a device found by id, MAC, IP or host name is the record the whole list shows",
          "[ledger][snapshot]") {
    TempDir tmp;
    Ledger l(tmp.path() / "l.db", Ledger::Mode::read_write);
    ingest(l, hospital());
    const Snapshot snapshot(l);
    const auto all = snapshot.devices();

    // The cases this test is for are really there.
    std::size_t routed = 0;
    std::size_t linked = 0;
    std::size_t interfaces = 0;
    bool received = false;
    for (const auto& d : all) {
        routed += d.routed ? 1 : 0;
        linked += d.linked.size();
        interfaces += d.interfaces.size();
        received =
            received || (d.mac == kWardPc && d.services.empty() &&
                         std::any_of(d.software.begin(), d.software.end(), [](const auto& s) {
                             return s.product.find("Apache") != std::string::npos;
                         }));
    }
    REQUIRE(routed == 2);
    REQUIRE(linked == 3);
    REQUIRE(interfaces == 3);  // two ports of core-sw1, the routed management address
    REQUIRE(received);

    for (const auto& d : all) {
        INFO("device " << d.id << " " << d.mac);
        const auto by_id = snapshot.find(std::to_string(d.id));
        REQUIRE(by_id.size() == 1);
        CHECK(json(by_id.front()) == json(d));
        const auto one = snapshot.device(d.id);
        REQUIRE(one.has_value());
        CHECK(json(*one) == json(d));
        if (!d.mac.empty()) {
            CHECK(contains(snapshot.find(upper(d.mac)), d));
        }
        for (const auto* rows : {&d.linked, &d.interfaces}) {
            for (const auto& k : *rows) {
                CHECK(contains(snapshot.find(std::to_string(k.id)), d));
                if (!k.mac.empty()) {
                    CHECK(contains(snapshot.find(k.mac), d));
                }
            }
        }
        for (const auto& a : d.addresses) {
            CHECK(contains(snapshot.find(a.address), d));
        }
        for (const auto& h : d.hostnames) {
            CHECK(contains(snapshot.find(h), d));
            CHECK(contains(snapshot.find(upper(h)), d));  // as a person types it
        }
    }

    // The routed server's name is found on the server, not on the router that carried it.
    const auto pacs = snapshot.find("pacs01");
    REQUIRE(pacs.size() == 1);
    CHECK(pacs.front().routed);
    CHECK(pacs.front().addresses.front().address == "10.20.0.5");
    // The oldest MAC of the tablet is linked through its second name only.
    const auto tab = snapshot.find("da-a1-19-00-00-04");
    REQUIRE(tab.size() == 1);
    CHECK(tab.front().mac == "da:a1:19:00:00:03");
    CHECK(tab.front().linked.size() == 3);

    CHECK(snapshot.find("10.99.0.1").empty());
    CHECK(snapshot.find("nobody-here").empty());
    CHECK(snapshot.find("999999").empty());
    CHECK_THROWS_AS(snapshot.find("not a device"), std::invalid_argument);

    const auto captures = snapshot.captures();
    REQUIRE(captures.size() == 1);
    CHECK(captures.front().path == "/captures/one.pcap");
    CHECK(captures.front().frames == 10);
}

TEST_CASE("a host name finds its device with or without the domain, through the name index",
          "[ledger][snapshot]") {
    TempDir tmp;
    Ledger l(tmp.path() / "l.db", Ledger::Mode::read_write);
    Batch b = hospital();  // PACS01 (no domain), routed behind the router
    tablet(b, "00:11:22:33:44:70", "10.20.2.11", kT0, "rad-ws01.hosp.local");
    tablet(b, "00:11:22:33:44:71", "10.20.2.12", kT0, "rad-ws01x.hosp.local");
    ingest(l, b);
    const Snapshot snapshot(l);
    const auto macs = [&](std::string_view typed) {
        std::set<std::string> out;
        for (const auto& d : snapshot.find(typed)) {
            out.insert(d.mac.empty() ? d.addresses.front().address : d.mac);
        }
        return out;
    };
    using Set = std::set<std::string>;
    CHECK(macs("RAD-WS01") == Set{"00:11:22:33:44:70"});             // without the domain
    CHECK(macs("Rad-Ws01.Hosp.Local") == Set{"00:11:22:33:44:70"});  // with it, any case
    CHECK(macs("pacs01.hosp.local") == Set{"10.20.0.5"});  // the name was sent without one
    CHECK(macs("rad-ws01.other.local").empty());           // another domain is another name
    CHECK(macs("rad").empty());                            // a label is whole, not a prefix
    CHECK(macs("rad-ws01x") == Set{"00:11:22:33:44:71"});

    // Each name query reads the partial name index, not the facts table.
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2((tmp.path() / "l.db").string().c_str(), &db, SQLITE_OPEN_READONLY, nullptr) ==
            SQLITE_OK);
    for (const char* where :
         {"f.value = 'rad-ws01' COLLATE NOCASE",
          "f.value >= 'rad-ws01.' COLLATE NOCASE AND f.value < 'rad-ws01/' COLLATE NOCASE"}) {
        const std::string sql = std::string(
                                    "EXPLAIN QUERY PLAN SELECT f.device_id FROM device_facts f "
                                    "JOIN devices d ON d.id = f.device_id "
                                    "WHERE f.kind IN ('hostname', 'system_name') AND ") +
                                where;
        sqlite3_stmt* st = nullptr;
        REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK);
        std::string plan;
        while (sqlite3_step(st) == SQLITE_ROW) {
            plan += reinterpret_cast<const char*>(sqlite3_column_text(st, 3));
            plan += '\n';
        }
        sqlite3_finalize(st);
        INFO(plan);
        CHECK(plan.find("device_facts_by_name") != std::string::npos);
    }
    sqlite3_close(db);
}

TEST_CASE("a device query is read as a person types it", "[ledger][snapshot]") {
    using By = DeviceQuery::By;
    const auto id = DeviceQuery::parse("42");
    REQUIRE(id);
    CHECK(id->by == By::id);
    CHECK(id->id == 42);
    const auto huge = DeviceQuery::parse("99999999999999999999999");
    REQUIRE(huge);
    CHECK(huge->id == 0);  // names no device
    const auto mac = DeviceQuery::parse("00-11-22-33-44-55");
    REQUIRE(mac);
    CHECK(mac->by == By::mac);
    CHECK(mac->text == "00:11:22:33:44:55");
    const auto v6 = DeviceQuery::parse("FD00:0:0::1");
    REQUIRE(v6);
    CHECK(v6->by == By::ip);
    CHECK(v6->text == "fd00::1");
    const auto name = DeviceQuery::parse("CT-Console_2.hosp.local");
    REQUIRE(name);
    CHECK(name->by == By::hostname);
    CHECK(name->text == "CT-Console_2.hosp.local");
    CHECK_FALSE(DeviceQuery::parse(""));
    CHECK_FALSE(DeviceQuery::parse("a b"));
    CHECK_FALSE(DeviceQuery::parse("name;drop"));
    CHECK_FALSE(DeviceQuery::parse(std::string(254, 'a')));
}

TEST_CASE("a snapshot reads one state while the writer commits", "[ledger][snapshot]") {
    TempDir tmp;
    const VendorRegistry vendors;
    Ledger writer_side(tmp.path() / "l.db", Ledger::Mode::read_write);
    {
        Writer w(writer_side, vendors);
        w.begin_capture(CaptureInfo{"/captures/a.pcap", 1, "sha256:a", 1});
        Batch b;
        b.activity.push_back(activity("00:11:22:33:44:01", 1, 1, 60, kT0, kT0, 1, 1));
        w.apply(b);
        w.commit_capture(1, 0);
    }
    const Ledger reader_side(tmp.path() / "l.db", Ledger::Mode::read_only);
    auto snapshot = std::make_unique<Snapshot>(reader_side);
    REQUIRE(snapshot->devices().size() == 1);
    {
        Writer w(writer_side, vendors);
        w.begin_capture(CaptureInfo{"/captures/b.pcap", 2, "sha256:b", 1});
        Batch b;
        b.activity.push_back(activity("00:11:22:33:44:02", 1, 1, 60, kT0, kT0, 1, 1));
        w.apply(b);
        w.commit_capture(1, 0);
    }
    CHECK(snapshot->devices().size() == 1);
    CHECK(snapshot->find("00:11:22:33:44:02").empty());
    CHECK(snapshot->captures().size() == 1);
    snapshot.reset();  // a later snapshot sees the commit
    CHECK(Snapshot(reader_side).devices().size() == 2);
}
