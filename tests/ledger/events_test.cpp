// History: the writer records exactly the changes the captures showed (new device, new IP,
// name, version and category changes, absent and returned devices), with before/after and
// the frame as evidence; repeats record nothing; a person's category is noted, not changed;
// and every renderer keeps hostile names harmless.

#include "daicho/ledger/events.h"

#include <catch2/catch.hpp>
#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "daicho/ledger/annotations.h"
#include "daicho/ledger/ledger.h"
#include "daicho/ledger/vendor_registry.h"
#include "daicho/survey/event_report.h"
#include "daicho/survey/export.h"
#include "ledger_test_util.h"
#include "temp_dir.h"

using daicho::collectors::FactKind;
using daicho::ledger::Batch;
using daicho::ledger::CaptureInfo;
using daicho::ledger::EventFilter;
using daicho::ledger::EventRecord;
using daicho::ledger::Ledger;
using daicho::ledger::VendorRegistry;
using daicho::ledger::Writer;
using daicho::ledger::WriterOptions;
using daicho::survey::Lang;
using daicho::test::activity;
using daicho::test::arp;
using daicho::test::kT0;
using daicho::test::observation;
using daicho::test::query;
using daicho::test::TempDir;

namespace {

constexpr std::int64_t kDay = 86'400'000'000;
constexpr const char* kPump = "00:11:22:33:44:55";
constexpr const char* kPrinter = "00:80:77:00:00:01";
constexpr const char* kSwitch = "00:18:73:00:00:02";
constexpr const char* kSpare = "00:aa:bb:00:00:03";
constexpr const char* kIos12 =
    "Cisco IOS Software, C3560 Software (C3560-IPBASE-M), Version 12.2(44)SE, RELEASE SOFTWARE";
constexpr const char* kIos15 =
    "Cisco IOS Software, C3560 Software (C3560-IPBASE-M), Version 15.0(2)SE11, RELEASE SOFTWARE";

// Event as a comparable line: kind|field|before|after|note|capture:frame@day offset (us).
std::string line(const EventRecord& e) {
    return e.mac + " " + e.kind + "|" + e.field + "|" + e.before + "|" + e.after + "|" + e.note +
           "|" + e.capture + ":" + std::to_string(e.frame) + "@" + std::to_string(e.at_us - kT0);
}

std::vector<std::string> lines(const Ledger& l, const EventFilter& f = {}) {
    std::vector<std::string> out;
    for (const auto& e : daicho::ledger::read_events(l, f)) {
        out.push_back(line(e));
    }
    return out;
}

std::uint64_t ingest(Writer& w, const std::string& name,
                     const std::function<Batch(std::uint32_t)>& make) {
    const std::uint32_t cap =
        w.begin_capture(CaptureInfo{"/captures/" + name, name.size(), "sha256:" + name, 1});
    w.apply(make(cap));
    return w.commit_capture(10, 0).events_new;
}

// Day 0: four devices appear. The pump has an address and a DHCP name, the printer does not
// look like one yet, the switch runs IOS 12.2, the spare is seen once and put away.
Batch day0(std::uint32_t c) {
    Batch b;
    b.activity.push_back(activity(kPump, 0, 3, 300, kT0 + 10, kT0 + 90, c, 1));
    b.activity.push_back(activity(kPrinter, 0, 2, 200, kT0 + 20, kT0 + 30, c, 2));
    b.activity.push_back(activity(kSwitch, 0, 2, 200, kT0 + 30, kT0 + 40, c, 3));
    b.activity.push_back(activity(kSpare, 0, 1, 100, kT0 + 40, kT0 + 40, c, 4));
    b.observations.push_back(arp(kPump, "192.0.2.10", c, 1, kT0 + 10));
    b.observations.push_back(
        observation(kPump, FactKind::hostname, "pump-01", "dhcp", c, 5, kT0 + 50));
    b.observations.push_back(
        observation(kPrinter, FactKind::hostname, "office-1", "dhcp", c, 6, kT0 + 60));
    b.observations.push_back(
        observation(kSwitch, FactKind::system_name, "SW-1", "lldp", c, 7, kT0 + 70));
    b.observations.push_back(
        observation(kSwitch, FactKind::system_description, kIos12, "lldp", c, 7, kT0 + 70));
    return b;
}

// Day 1: the pump moves to .11 and is renamed; NetBIOS says the same name in capitals; the
// printer announces IPP over mDNS; the switch was upgraded; the old facts repeat.
Batch day1(std::uint32_t c) {
    const std::int64_t t = kT0 + kDay;
    Batch b;
    b.activity.push_back(activity(kPump, 0, 3, 300, t + 10, t + 90, c, 1));
    b.activity.push_back(activity(kPrinter, 0, 2, 200, t + 20, t + 30, c, 2));
    b.activity.push_back(activity(kSwitch, 0, 2, 200, t + 30, t + 40, c, 3));
    b.observations.push_back(arp(kPump, "192.0.2.10", c, 1, t + 10));
    b.observations.push_back(arp(kPump, "192.0.2.11", c, 4, t + 15));
    b.observations.push_back(
        observation(kPump, FactKind::hostname, "pump-02", "dhcp", c, 5, t + 50));
    b.observations.push_back(
        observation(kPump, FactKind::hostname, "PUMP-02", "nbns", c, 6, t + 51));
    b.observations.push_back(observation(kPrinter, FactKind::service_instance,
                                         "Office._ipp._tcp.local", "mdns", c, 8, t + 60));
    b.observations.push_back(
        observation(kPrinter, FactKind::txt_record, "ty=Brother HL-L2350DW", "mdns", c, 9, t + 61));
    b.observations.push_back(
        observation(kSwitch, FactKind::system_name, "SW-1", "lldp", c, 7, t + 70));
    b.observations.push_back(
        observation(kSwitch, FactKind::system_description, kIos15, "lldp", c, 7, t + 70));
    return b;
}

Batch seen(std::int64_t t, std::uint32_t c, std::initializer_list<const char*> macs) {
    Batch b;
    std::uint64_t frame = 1;
    for (const char* m : macs) {
        b.activity.push_back(activity(m, 0, 1, 100, t + static_cast<std::int64_t>(frame),
                                      t + static_cast<std::int64_t>(frame), c, frame));
        ++frame;
    }
    return b;
}

}  // namespace

TEST_CASE("events: what changed between captures, with before, after and evidence",
          "[ledger][events]") {
    TempDir dir;
    Ledger l(dir.path() / "t.ledger", Ledger::Mode::read_write);
    VendorRegistry vendors;
    Writer w(l, vendors);  // absent after the default 30 days

    CHECK(ingest(w, "day0.pcap", day0) == 4);
    CHECK(lines(l) ==
          std::vector<std::string>{
              "00:11:22:33:44:55 device_new|mac||00:11:22:33:44:55||/captures/day0.pcap:1@10",
              "00:80:77:00:00:01 device_new|mac||00:80:77:00:00:01||/captures/day0.pcap:2@20",
              "00:18:73:00:00:02 device_new|mac||00:18:73:00:00:02||/captures/day0.pcap:3@30",
              "00:aa:bb:00:00:03 device_new|mac||00:aa:bb:00:00:03||/captures/day0.pcap:4@40",
          });
    // The first classification is stored, not an event.
    CHECK(query(l, "SELECT category || '/' || subtype FROM devices WHERE mac = '" +
                       std::string(kPrinter) + "'") == "unknown/");

    CHECK(ingest(w, "day1.pcap", day1) == 4);
    const EventFilter day1_on{kT0 + kDay, {}, {}};
    CHECK(lines(l, day1_on) ==
          std::vector<std::string>{
              "00:11:22:33:44:55 "
              "address_new|ip_address|192.0.2.10|192.0.2.11||/captures/day1.pcap:4@86400000015",
              "00:11:22:33:44:55 "
              "name_change|hostname|pump-01|pump-02||/captures/day1.pcap:5@86400000050",
              // The newest fact behind the winning rules is the frame that made it a printer.
              "00:80:77:00:00:01 "
              "category_change|category|unknown|printer||/captures/day1.pcap:9@86400000061",
              "00:18:73:00:00:02 software_change|system_description|Cisco IOS 12.2(44)SE|Cisco IOS "
              "15.0(2)SE11||/captures/day1.pcap:7@86400000070",
          });
    CHECK(query(l, "SELECT category FROM devices WHERE mac = '" + std::string(kPrinter) + "'") ==
          "printer");

    SECTION("seeing the same facts again records nothing") {
        CHECK(ingest(w, "day1-again.pcap", day1) == 0);
        CHECK(query(l, "SELECT count(*) FROM events") == "8");
    }

    SECTION("absent after 30 days without a frame, once; returned when seen again") {
        CHECK(ingest(w, "day20.pcap", [](std::uint32_t c) {
                  return seen(kT0 + 20 * kDay, c, {kPump, kPrinter, kSwitch});
              }) == 0);  // the spare is 20 days quiet: not yet absent
        CHECK(ingest(w, "day45.pcap",
                     [](std::uint32_t c) { return seen(kT0 + 45 * kDay, c, {kPump}); }) == 1);
        CHECK(lines(l, {kT0 + 2 * kDay, {}, {}}) ==
              std::vector<std::string>{
                  "00:aa:bb:00:00:03 "
                  "absent|last_seen|2026-03-09T01:02:03.000040Z|||/captures/"
                  "day45.pcap:0@2592000000040",
              });
        CHECK(ingest(w, "day46.pcap",
                     [](std::uint32_t c) { return seen(kT0 + 46 * kDay, c, {kPump}); }) == 0);
        CHECK(ingest(w, "day49.pcap", [](std::uint32_t c) {
                  return seen(kT0 + 49 * kDay, c, {kPump, kSpare});
              }) == 1);
        CHECK(lines(l, {kT0 + 31 * kDay, {}, {"returned"}}) ==
              std::vector<std::string>{
                  "00:aa:bb:00:00:03 "
                  "returned|last_seen|2026-03-09T01:02:03.000040Z|2026-04-27T01:02:03.000002Z||/"
                  "captures/day49.pcap:2@4233600000002",
              });
    }

    SECTION("a device back after a gap no capture showed gets absent, then returned") {
        CHECK(ingest(w, "day40.pcap", [](std::uint32_t c) {
                  return seen(kT0 + 40 * kDay, c, {kPump, kPrinter, kSwitch, kSpare});
              }) == 8);
        const auto spare = lines(l, {kT0 + 2 * kDay, {}, {}});
        REQUIRE(spare.size() == 8);
        CHECK(
            spare[0] ==
            "00:aa:bb:00:00:03 "
            "absent|last_seen|2026-03-09T01:02:03.000040Z|||/captures/day40.pcap:0@2592000000040");
        CHECK(spare[7] ==
              "00:aa:bb:00:00:03 "
              "returned|last_seen|2026-03-09T01:02:03.000040Z|2026-04-18T01:02:03.000004Z||/"
              "captures/day40.pcap:4@3456000000004");
    }
}

TEST_CASE("events: a person's category is noted on a rule change and never changed",
          "[ledger][events]") {
    TempDir dir;
    Ledger l(dir.path() / "t.ledger", Ledger::Mode::read_write);
    VendorRegistry vendors;
    Writer w(l, vendors);
    ingest(w, "day0.pcap", day0);
    const std::string id =
        query(l, "SELECT id FROM devices WHERE mac = '" + std::string(kPrinter) + "'");
    daicho::ledger::annotate(l, std::stoll(id), {{"category", "pc"}}, "cli");
    ingest(w, "day1.pcap", day1);

    const auto events =
        daicho::ledger::read_events(l, {std::nullopt, {std::stoll(id)}, {"category_change"}});
    REQUIRE(events.size() == 1);
    CHECK(events[0].before == "unknown");
    CHECK(events[0].after == "printer");
    CHECK(events[0].note == "overridden_by_annotation:pc");
    CHECK(query(l, "SELECT value FROM annotations WHERE key = 'category'") == "pc");
    const auto devices = l.devices();
    for (const auto& d : devices) {
        if (d.id == std::stoll(id)) {
            CHECK(d.category == "pc");
        }
    }
    std::ostringstream table;
    daicho::survey::write_events_table(table, events, Lang::ja);
    CHECK(table.str().find("unknown → printer (人の分類（注記）が優先: pc)") != std::string::npos);
}

TEST_CASE("events: N absent days is the writer's option", "[ledger][events]") {
    TempDir dir;
    Ledger l(dir.path() / "t.ledger", Ledger::Mode::read_write);
    VendorRegistry vendors;
    Writer w(l, vendors, WriterOptions{10});
    ingest(w, "a.pcap", [](std::uint32_t c) { return seen(kT0, c, {kPump, kSpare}); });
    CHECK(ingest(w, "b.pcap", [](std::uint32_t c) { return seen(kT0 + 10 * kDay, c, {kPump}); }) ==
          0);
    CHECK(ingest(w, "c.pcap", [](std::uint32_t c) { return seen(kT0 + 11 * kDay, c, {kPump}); }) ==
          1);
    CHECK(lines(l, {std::nullopt, {}, {"absent"}}) ==
          std::vector<std::string>{
              "00:aa:bb:00:00:03 "
              "absent|last_seen|2026-03-09T01:02:03.000002Z|||/captures/c.pcap:0@864000000002"});
}

TEST_CASE(
    "events: names that crossed a router, a new device's addresses, IPv6 and 169.254/16 "
    "addresses are no change",
    "[ledger][events]") {
    TempDir dir;
    Ledger l(dir.path() / "t.ledger", Ledger::Mode::read_write);
    VendorRegistry vendors;
    Writer w(l, vendors);
    ingest(w, "a.pcap", [](std::uint32_t c) {
        Batch b = seen(kT0, c, {kSwitch});
        b.observations.push_back(arp(kSwitch, "192.0.2.1", c, 1, kT0 + 1));
        b.observations.push_back(arp(kSwitch, "192.0.3.1", c, 1, kT0 + 2));  // another VLAN
        auto far = observation(kSwitch, FactKind::hostname, "host-a", "nbns", c, 2, kT0 + 2);
        far.subject.ip = daicho::test::ip("198.51.100.7");  // routed: a host behind the switch
        b.observations.push_back(far);
        return b;
    });
    CHECK(ingest(w, "b.pcap", [](std::uint32_t c) {
              Batch b = seen(kT0 + 100, c, {kSwitch});
              auto far =
                  observation(kSwitch, FactKind::hostname, "host-b", "nbns", c, 2, kT0 + 102);
              far.subject.ip = daicho::test::ip("198.51.100.8");
              b.observations.push_back(far);
              auto own =
                  observation(kSwitch, FactKind::hostname, "sw-core", "nbns", c, 3, kT0 + 103);
              own.subject.ip = daicho::test::ip("192.0.2.1");
              b.observations.push_back(own);
              // An IPv6 address is never an address event (RFC 8981 temporary addresses).
              b.observations.push_back(arp(kSwitch, "2001:db8::7", c, 4, kT0 + 104, "ndp"));
              b.observations.push_back(arp(kSwitch, "169.254.3.4", c, 5, kT0 + 105));
              return b;
          }) == 0);
    CHECK(lines(l).size() == 1);  // device_new
}

TEST_CASE("events: hostile names stay harmless in every format", "[ledger][events]") {
    TempDir dir;
    Ledger l(dir.path() / "t.ledger", Ledger::Mode::read_write);
    VendorRegistry vendors;
    Writer w(l, vendors);
    const std::string hostile = "=cmd|' /C calc'!A0\x1b[2J\xe2\x80\xae\xff\"<x>";
    ingest(w, "a.pcap", [](std::uint32_t c) {
        Batch b = seen(kT0, c, {kPump});
        b.observations.push_back(
            observation(kPump, FactKind::hostname, "pump", "dhcp", c, 2, kT0 + 2));
        return b;
    });
    ingest(w, "b.pcap", [&](std::uint32_t c) {
        Batch b = seen(kT0 + 100, c, {kPump});
        b.observations.push_back(
            observation(kPump, FactKind::hostname, hostile, "dhcp", c, 3, kT0 + 103));
        return b;
    });
    const auto events = daicho::ledger::read_events(l, {std::nullopt, {}, {"name_change"}});
    REQUIRE(events.size() == 1);
    CHECK(events[0].after == hostile);  // stored verbatim

    std::ostringstream table;
    daicho::survey::write_events_table(table, events, Lang::en);
    CHECK(table.str().find('\x1b') == std::string::npos);
    CHECK(table.str().find("\xe2\x80\xae") == std::string::npos);
    CHECK(table.str().find("\\x1B[2J") != std::string::npos);

    std::ostringstream json;
    daicho::survey::write_events_json(json, events);
    const auto parsed = nlohmann::json::parse(json.str());
    REQUIRE(parsed.size() == 1);
    CHECK(parsed[0]["kind"] == "name_change");
    CHECK(parsed[0]["before"] == "pump");
    CHECK(parsed[0]["after"].get<std::string>().rfind("=cmd|' /C calc'!A0\x1b[2J", 0) == 0);
    CHECK(parsed[0]["evidence"]["frame"] == 3);

    std::ostringstream csv;
    daicho::survey::write_sheet_csv(csv, daicho::survey::events_sheet(events, Lang::ja));
    CHECK(csv.str().find(",\"'=cmd|") != std::string::npos);
    CHECK(csv.str().find("\"=cmd") == std::string::npos);
    CHECK(csv.str().find('\x1b') == std::string::npos);
    CHECK(csv.str().find("名前の変更") != std::string::npos);
}

TEST_CASE("events: a fact about an address reclassifies the device holding it, untouched or not",
          "[ledger][events]") {
    TempDir dir;
    Ledger l(dir.path() / "t.ledger", Ledger::Mode::read_write);
    VendorRegistry vendors;
    Writer w(l, vendors);
    ingest(w, "a.pcap", [](std::uint32_t c) {
        Batch b = seen(kT0, c, {kSwitch});
        b.observations.push_back(arp(kSwitch, "192.0.2.1", c, 1, kT0 + 1));
        return b;
    });
    // A DHCP server names 192.0.2.1 as the router (option 3); the switch itself sends nothing.
    CHECK(ingest(w, "b.pcap", [](std::uint32_t c) {
              auto o = observation(kPump, FactKind::role, "gateway", "dhcp", c, 7, kT0 + 500);
              o.subject.has_mac = false;
              o.subject.mac = {};
              o.subject.ip = daicho::test::ip("192.0.2.1");
              Batch b = seen(kT0 + 400, c, {kPump});
              b.observations.push_back(o);
              return b;
          }) == 2);  // the server is a new device; the switch changed category
    CHECK(lines(l, {std::nullopt, {}, {"category_change"}}) ==
          std::vector<std::string>{
              "00:18:73:00:00:02 "
              "category_change|category|unknown|network/router||/captures/b.pcap:7@500"});
}
