// Ledgers written by every earlier schema open and migrate without losing a row, and the
// facts that migration 002 added (address facts, the sender's IP on device facts) land
// where daicho devices shows them.

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "daicho/ledger/events.h"
#include "daicho/ledger/ledger.h"
#include "daicho/ledger/vendor_registry.h"
#include "db/schema.h"
#include "ledger_test_util.h"
#include "temp_dir.h"

namespace fs = std::filesystem;
using daicho::collectors::FactKind;
using daicho::ledger::Ledger;
using daicho::test::query;
using daicho::test::RawDb;
using daicho::test::TempDir;

namespace {

// A ledger exactly as daicho with schema `version` left it: migrations 1..version applied.
void make_ledger_at(const fs::path& file, int version) {
    RawDb raw(file);
    raw.exec("PRAGMA journal_mode=WAL; PRAGMA application_id=1147234627;");
    for (const auto& m : daicho::ledger::db::migrations()) {
        if (m.version > version) {
            break;
        }
        raw.exec("BEGIN; " + std::string(m.sql) +
                 "; PRAGMA user_version=" + std::to_string(m.version) + "; COMMIT;");
    }
}

}  // namespace

TEST_CASE("every past schema version migrates to the newest and keeps its rows",
          "[ledger][migrate]") {
    for (int version = 1; version < Ledger::kSchemaVersion; ++version) {
        DYNAMIC_SECTION("from user_version " << version) {
            TempDir dir;
            const fs::path file = dir.path() / "old.ledger";
            make_ledger_at(file, version);
            {
                RawDb raw(file);
                raw.exec(
                    "INSERT INTO captures (id, path, size, digest, link_type, frames, "
                    "ingested_at) VALUES (1, 'old.pcap', 10, 'abc', 1, 3, 0);"
                    "INSERT INTO devices (id, domain, mac, vendor, mac_kind, first_seen, "
                    "last_seen, packets, first_capture_id, first_frame) VALUES "
                    "(1, 0, '00:18:73:de:57:c1', 'Cisco Systems, Inc', 'global', 5, 9, 3, 1, 1);"
                    "INSERT INTO device_facts (device_id, kind, value, source, first_seen, "
                    "last_seen, capture_id, frame) VALUES (1, 'hostname', 'S1', 'cdp', 5, 9, 1, "
                    "2);");
                if (version >= 4) {
                    raw.exec(
                        "INSERT INTO annotations (device_id, key, value, set_at, source) "
                        "VALUES (1, 'location', 'B1', 7, 'cli')");
                }
            }
            Ledger l(file, Ledger::Mode::read_write);
            CHECK(l.schema_version() == Ledger::kSchemaVersion);
            CHECK(query(l, "PRAGMA integrity_check") == "ok");
            const auto devices = l.devices();
            REQUIRE(devices.size() == 1);
            CHECK(devices[0].mac == "00:18:73:de:57:c1");
            CHECK(devices[0].hostnames == std::vector<std::string>{"S1"});
            REQUIRE(devices[0].facts.size() == 1);
            CHECK(devices[0].facts[0].evidence.capture == "old.pcap");
            CHECK(query(l, "SELECT subject_ip FROM device_facts").empty());
            // Rebuilding the devices table (migration 5) cascaded into none of these.
            CHECK(query(l, "SELECT count(*) FROM annotations") == (version >= 4 ? "1" : "0"));
            CHECK(query(l, "PRAGMA foreign_key_check").empty());
            CHECK(query(l, "PRAGMA foreign_keys") == "1");
        }
    }
}

TEST_CASE("facts about an address show on the device holding it; services are listed",
          "[ledger][writer]") {
    TempDir dir;
    Ledger l(dir.path() / "l.ledger", Ledger::Mode::read_write);
    daicho::ledger::VendorRegistry vendors;
    daicho::ledger::Writer w(l, vendors);
    const auto id = w.begin_capture({"c.pcap", 1, "d", 1});
    daicho::ledger::Batch b;
    b.observations.push_back(
        daicho::test::arp("00:13:7f:be:8c:ff", "192.0.2.1", id, 1, daicho::test::kT0));
    // A DHCP server (another MAC) names 192.0.2.1 as the gateway: the subject is an address.
    auto gw = daicho::test::observation("00:0c:29:40:0e:ef", FactKind::role, "gateway", "dhcp", id,
                                        2, daicho::test::kT0 + 1);
    gw.subject.has_mac = false;
    gw.subject.mac = {};
    gw.subject.ip = daicho::test::ip("192.0.2.1");
    b.observations.push_back(gw);
    // Nobody holds 198.51.100.7 yet: kept, shown nowhere.
    auto dns = gw;
    dns.value = "dns-server";
    dns.subject.ip = daicho::test::ip("198.51.100.7");
    b.observations.push_back(dns);
    for (const char* svc : {"tcp/443", "udp/53", "tcp/22", "tcp/443"}) {
        auto s = daicho::test::observation("00:13:7f:be:8c:ff", FactKind::service, svc, "tcp", id,
                                           3, daicho::test::kT0 + 2);
        s.subject.ip = daicho::test::ip("192.0.2.1");
        b.observations.push_back(s);
    }
    w.apply(b);
    const auto stats = w.commit_capture(3, 0);
    CHECK(stats.facts_new == 5);  // gateway, dns-server, three distinct services

    const auto devices = l.devices();
    REQUIRE(devices.size() == 1);
    const auto& gateway = devices[0];
    CHECK(gateway.services == std::vector<std::string>{"tcp/22", "tcp/443", "udp/53"});
    bool found = false;
    for (const auto& f : gateway.facts) {
        if (f.kind == FactKind::role && f.value == "gateway") {
            found = true;
            CHECK(f.about == "192.0.2.1");
            CHECK(f.source == "dhcp");
            CHECK(f.evidence.frame == 2);
        }
        CHECK(f.value != "dns-server");
    }
    CHECK(found);
    CHECK(query(l, "SELECT count(*) FROM address_facts") == "2");
    CHECK(query(l, "SELECT group_concat(DISTINCT subject_ip) FROM device_facts") == "192.0.2.1");
}

// One capture and one device on the link, in every schema version since 005.
constexpr const char* kOldCaptureAndDevice =
    "INSERT INTO captures (id, path, size, digest, link_type, frames, ingested_at) "
    "VALUES (1, 'old.pcap', 10, 'abc', 1, 3, 0);"
    "INSERT INTO devices (id, domain, mac, mac_kind, first_seen, last_seen, packets, "
    "first_capture_id, first_frame) VALUES "
    "(1, 0, '00:18:73:de:57:c1', 'global', 5, 9, 3, 1, 2);";

TEST_CASE("migration 006: known devices start their history; the next capture adds only changes",
          "[ledger][migrate][events]") {
    TempDir dir;
    const fs::path file = dir.path() / "v4.ledger";
    make_ledger_at(file, 4);
    {
        RawDb raw(file);
        raw.exec(std::string(kOldCaptureAndDevice) +
                 "INSERT INTO device_facts (device_id, kind, value, source, first_seen, last_seen, "
                 "capture_id, frame) VALUES (1, 'system_name', 'S1', 'lldp', 5, 9, 1, 2);");
    }
    Ledger l(file, Ledger::Mode::read_write);
    REQUIRE(l.schema_version() == Ledger::kSchemaVersion);
    CHECK(query(l,
                "SELECT group_concat(kind || ' ' || at_us || ' ' || after || ' ' || "
                "capture_id || ':' || frame) FROM events") == "device_new 5 00:18:73:de:57:c1 1:2");
    CHECK(query(l, "SELECT category || '|' || subtype FROM devices") == "|");

    // Classifying the old device for the first time is no change; a new name is.
    daicho::ledger::VendorRegistry vendors;
    daicho::ledger::Writer w(l, vendors);
    const auto cap = w.begin_capture({"new.pcap", 11, "def", 1});
    daicho::ledger::Batch b;
    b.observations.push_back(daicho::test::observation("00:18:73:de:57:c1", FactKind::system_name,
                                                       "S2", "lldp", cap, 4, 20));
    w.apply(b);
    CHECK(w.commit_capture(4, 0).events_new == 1);
    CHECK(query(l, "SELECT kind || ' ' || before || ' ' || after FROM events WHERE id = 2") ==
          "name_change S1 S2");
}

TEST_CASE("migration 007: captures gain packet identity; events may be about a link",
          "[ledger][migrate][events]") {
    TempDir dir;
    const fs::path file = dir.path() / "v6.ledger";
    make_ledger_at(file, 6);
    {
        RawDb raw(file);
        raw.exec(std::string(kOldCaptureAndDevice) +
                 "INSERT INTO events (device_id, at_us, kind, after, capture_id, frame, "
                 "recorded_at_us) VALUES (1, 5, 'device_new', '00:18:73:de:57:c1', 1, 2, 7);");
    }
    Ledger l(file, Ledger::Mode::read_write);
    REQUIRE(l.schema_version() == Ledger::kSchemaVersion);
    CHECK(query(l,
                "SELECT device_id || ' ' || kind || ' ' || after || ' ' || recorded_at_us "
                "FROM events") == "1 device_new 00:18:73:de:57:c1 7");
    CHECK(query(l,
                "SELECT '[' || packet_head || '] ' || packet_frames || ' ' || "
                "coalesce(prefix_capture, 'none') FROM captures") == "[] 0 none");
    // A capture from before the migration is still found by its bytes, never by packets.
    CHECK(l.find_capture(10, "abc").has_value());
    CHECK(query(l,
                "SELECT count(*) FROM sqlite_master WHERE name IN "
                "('events_by_time', 'events_by_device', 'captures_by_packet_head')") == "3");

    daicho::ledger::VendorRegistry vendors;
    daicho::ledger::Writer w(l, vendors);
    static_cast<void>(w.begin_capture({"flood.pcap", 11, "def", 1}));
    w.record_link_event("station_flood", 20, 4, "1000", "990", "a note");
    w.record_packets("0123456789abcdef", "fedcba9876543210", 4);
    static_cast<void>(w.commit_capture(4, 0));
    const auto events = daicho::ledger::read_events(l, {});
    REQUIRE(events.size() == 2);
    CHECK(events[1].kind == "station_flood");
    CHECK(events[1].device_id == 0);
    CHECK(events[1].mac.empty());
    CHECK(events[1].capture == "flood.pcap");
    REQUIRE(l.find_captures_by_head("0123456789abcdef").size() == 1);
    CHECK(l.find_captures_by_head("0123456789abcdef")[0].packet_frames == 4);
}

TEST_CASE("migration 018: devices and connection points keep their rows and their checks",
          "[ledger][migrate][connections]") {
    TempDir dir;
    const fs::path file = dir.path() / "v17.ledger";
    make_ledger_at(file, 17);
    {
        RawDb raw(file);
        raw.exec(std::string(kOldCaptureAndDevice) +
                 "INSERT INTO devices (id, domain, mac, address, mac_kind, first_seen, "
                 "last_seen, routed_via, subtype) VALUES "
                 "(7, 0, '', '198.51.100.9', 'none', 6, 8, 1, 'nas');"
                 "INSERT INTO connection_points (id, domain, inside_address, remote_address, "
                 "ip_proto, server_port, inside_device_id, service_class, class_source, opener, "
                 "first_seen, last_seen, packets, always_on, capture_id, frame) VALUES "
                 "(3, 0, '10.0.0.5', '203.0.113.7', 6, 443, 1, 'web', 'port', 'inside', 5, 9, "
                 "12, 1, 1, 4);"
                 "INSERT INTO connection_names (point_id, source, name, first_seen) VALUES "
                 "(3, 'sni', 'vendor.example', 5), (3, 'dns', 'vendor.example', 4);");
    }
    Ledger l(file, Ledger::Mode::read_write);
    REQUIRE(l.schema_version() == Ledger::kSchemaVersion);
    CHECK(query(l, "PRAGMA integrity_check") == "ok");
    CHECK(query(l, "PRAGMA foreign_key_check").empty());
    CHECK(query(l,
                "SELECT group_concat(id || ' ' || mac_kind || ' ' || coalesce(routed_via, '-') "
                "|| ' ' || subtype, ', ') FROM (SELECT * FROM devices ORDER BY id)") ==
          "1 global - , 7 none 1 nas");
    CHECK(query(l,
                "SELECT id || ' ' || inside_device_id || ' ' || opener || ' ' || packets || "
                "' ' || always_on || ' ' || frame FROM connection_points") == "3 1 inside 12 1 4");
    CHECK(query(l,
                "SELECT group_concat(point_id || ' ' || source, ', ') FROM "
                "(SELECT * FROM connection_names ORDER BY source)") == "3 dns, 3 sni");
    CHECK(query(l,
                "SELECT count(*) FROM sqlite_master WHERE name IN ('devices_by_mac', "
                "'devices_by_address', 'connection_points_by_inside_device')") == "3");
    // The checks still refuse what they refused.
    CHECK_THROWS(RawDb(file).exec(
        "INSERT INTO devices (domain, mac, mac_kind, first_seen, last_seen) VALUES "
        "(0, '00:00:5e:00:53:01', 'other', 1, 1)"));
    CHECK_THROWS(
        RawDb(file).exec("INSERT INTO connection_names (point_id, source, name, first_seen) VALUES "
                         "(3, 'whois', 'x', 1)"));
    CHECK_THROWS(RawDb(file).exec("UPDATE connection_points SET opener = 'both'"));
    // Deleting a point still takes its names (the cascade follows the rebuilt table).
    RawDb(file).exec("PRAGMA foreign_keys = ON; DELETE FROM connection_points WHERE id = 3");
    CHECK(query(l, "SELECT count(*) FROM connection_names") == "0");
}

TEST_CASE("no CHECK constraint of the newest schema lists three or more values with IN",
          "[ledger][migrate]") {
    // SQLite builds an ephemeral table for such a list on every insert and upsert (018).
    TempDir dir;
    const fs::path file = dir.path() / "new.ledger";
    { const Ledger l(file, Ledger::Mode::read_write); }
    const std::string schema =
        RawDb(file).text("SELECT group_concat(sql, ' ') FROM sqlite_schema WHERE type = 'table'");
    REQUIRE(schema.find("CHECK (class_source IN ('bytes', 'port'))") != std::string::npos);
    const std::regex in_list(R"(CHECK\s*\(\s*\w+\s+IN\s*\(([^()]*)\))", std::regex::icase);
    std::vector<std::string> offenders;
    for (auto it = std::sregex_iterator(schema.begin(), schema.end(), in_list);
         it != std::sregex_iterator(); ++it) {
        const std::string values = (*it)[1].str();
        if (std::count(values.begin(), values.end(), ',') >= 2) {
            offenders.push_back(it->str());
        }
    }
    CHECK(offenders.empty());
    // The pattern does see a three-value list.
    CHECK(std::regex_search(std::string("CHECK (opener IN ('a', 'b', 'c'))"), in_list));
}
