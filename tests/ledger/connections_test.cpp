// External connection points (schema 014, ledger/connections.h): the writer stores the
// conversation table's rows with the capture, resolves the inside device and the gateway,
// keeps the names seen (SNI, certificate, DNS answers), aggregates repeats across captures,
// records connection_new events, and the snapshot reads them back with their departments.

#include "daicho/ledger/connections.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "daicho/ledger/ledger.h"
#include "daicho/ledger/snapshot.h"
#include "daicho/ledger/vendor_registry.h"
#include "ledger_test_util.h"
#include "temp_dir.h"

using daicho::collectors::Conversation;
using daicho::collectors::FactKind;
using daicho::collectors::Opener;
using daicho::collectors::ServiceClass;
using daicho::ledger::Batch;
using daicho::ledger::CaptureInfo;
using daicho::ledger::ConnectionList;
using daicho::ledger::ConnectionPoint;
using daicho::ledger::ConnectionTableSummary;
using daicho::ledger::DepartmentMap;
using daicho::ledger::DepartmentRule;
using daicho::ledger::EventFilter;
using daicho::ledger::Ledger;
using daicho::ledger::Snapshot;
using daicho::ledger::VendorRegistry;
using daicho::ledger::Writer;
using daicho::test::activity;
using daicho::test::arp;
using daicho::test::conversation;
using daicho::test::kT0;
using daicho::test::query;
using daicho::test::TempDir;

namespace {

constexpr std::int64_t kSecond = 1'000'000;
constexpr std::int64_t kHour = 3600 * kSecond;
constexpr const char* kCt = "00:11:22:33:44:55";        // 10.20.0.5, 放射線科
constexpr const char* kPc = "00:11:22:33:44:66";        // 10.30.0.9, 看護部
constexpr const char* kFirewall = "00:09:0f:00:00:01";  // the egress gateway
constexpr const char* kVendorRouter = "00:a0:de:00:00:02";

DepartmentMap hospital() {
    DepartmentMap map;
    map.departments.push_back(
        DepartmentRule{"放射線科", "", {*daicho::ledger::parse_prefix("10.20.0.0/16")}, {}});
    map.departments.push_back(
        DepartmentRule{"看護部", "", {*daicho::ledger::parse_prefix("10.30.0.0/16")}, {}});
    return map;
}

// The devices of the first capture: the CT and the PC with their addresses, both gateways,
// and a DNS answer naming the vendor's address.
Batch devices(std::uint32_t cap) {
    Batch b;
    b.activity.push_back(activity(kCt, 20, 5, 500, kT0, kT0 + 10, cap, 1));
    b.activity.push_back(activity(kPc, 30, 5, 500, kT0, kT0 + 10, cap, 2));
    b.activity.push_back(activity(kFirewall, 0, 5, 500, kT0, kT0 + 10, cap, 3));
    b.activity.push_back(activity(kVendorRouter, 20, 5, 500, kT0, kT0 + 10, cap, 4));
    b.observations.push_back(arp(kCt, "10.20.0.5", cap, 5, kT0));
    b.observations.push_back(arp(kPc, "10.30.0.9", cap, 6, kT0));
    daicho::ledger::StoredObservation answer;
    answer.subject.ip = daicho::test::ip("198.51.100.7");
    answer.kind = FactKind::dns_answer;
    answer.value = "remote.vendor.example";
    answer.source = "dns";
    answer.evidence = {cap, 7, kT0 + 1};
    answer.last_us = kT0 + 1;
    b.observations.push_back(answer);
    return b;
}

// An inbound RDP session from the vendor's closed network into the CT, through the vendor's
// router, and the PC's HTTPS to a web site through the firewall.
std::vector<Conversation> first_rows(std::uint32_t cap) {
    auto rdp = conversation("10.20.0.5", kCt, "198.51.100.7", kVendorRouter, 6, 3389,
                            Opener::outside, kT0 + 100 * kSecond, kT0 + 160 * kSecond, cap, 11);
    rdp.service_class = ServiceClass::remote_control;
    rdp.protocol = "rdp";
    auto web = conversation("10.30.0.9", kPc, "203.0.113.80", kFirewall, 6, 443, Opener::inside,
                            kT0 + 50 * kSecond, kT0 + 55 * kSecond, cap, 9);
    const std::string_view sni = "portal.example.jp";
    web.server_name_len = static_cast<std::uint8_t>(sni.copy(web.server_name.data(), sni.size()));
    return {rdp, web};
}

const ConnectionPoint& point(const ConnectionList& list, std::string_view remote) {
    for (const auto& p : list.points) {
        if (p.remote_address == remote) {
            return p;
        }
    }
    FAIL("no point to " << remote);
    throw std::logic_error("unreachable");
}

std::vector<std::string> names(const ConnectionPoint& p) {
    std::vector<std::string> out;
    for (const auto& n : p.names) {
        out.push_back(n.source + "=" + n.name);
    }
    return out;
}

}  // namespace

TEST_CASE("connection points: stored with the capture and read back per department",
          "[ledger][connections]") {
    TempDir dir;
    Ledger l(dir.path() / "l.db", Ledger::Mode::read_write);
    VendorRegistry vendors;
    Writer w(l, vendors);
    const auto cap = w.begin_capture(CaptureInfo{"/captures/one.pcap", 1, "sha256:one", 1});
    w.apply(devices(cap));
    w.record_connections(first_rows(cap), ConnectionTableSummary{2, 3, true});
    const auto stats = w.commit_capture(100, 0);
    CHECK(stats.connections_new == 2);

    const Snapshot snap(l, hospital());
    const ConnectionList list = snap.connections();
    REQUIRE(list.points.size() == 2);
    CHECK(list.plan_configured);
    CHECK(list.captures == 1);
    CHECK(list.captures_without_plan == 0);
    CHECK(list.evictions == 3);

    const auto& rdp = point(list, "198.51.100.7");
    CHECK(rdp.inside_address == "10.20.0.5");
    CHECK(rdp.inside_mac == kCt);
    CHECK(rdp.inside_device_id ==
          std::stoll(query(l, std::string("SELECT id FROM devices WHERE mac = '") + kCt + "'")));
    CHECK(rdp.gateway_mac == kVendorRouter);
    CHECK(rdp.gateway_device_id != 0);
    CHECK(rdp.service_class == "remote-control");
    CHECK(rdp.class_source == "bytes");
    CHECK(rdp.protocol == "rdp");
    CHECK(rdp.opener == "outside");
    CHECK(rdp.inbound());
    CHECK(rdp.server_port == 3389);
    CHECK(rdp.sessions == 1);
    CHECK(rdp.bytes_out == 600);
    CHECK(rdp.bytes_in == 400);
    CHECK(rdp.longest_us == 60 * kSecond);
    CHECK_FALSE(rdp.always_on);
    CHECK(rdp.department == "放射線科");
    CHECK(rdp.evidence.capture == "/captures/one.pcap");
    CHECK(rdp.evidence.frame == 11);
    CHECK(names(rdp) == std::vector<std::string>{"dns=remote.vendor.example"});

    const auto& web = point(list, "203.0.113.80");
    CHECK(web.department == "看護部");
    CHECK(web.service_class == "web");
    CHECK(web.class_source == "port");
    CHECK(web.protocol == "https");
    CHECK(web.opener == "inside");
    CHECK(web.gateway_mac == kFirewall);
    CHECK(names(web) == std::vector<std::string>{"sni=portal.example.jp"});

    // A new point is a history event about its inside device, with its opener and evidence.
    const auto events = snap.events(EventFilter{std::nullopt, {}, {"connection_new"}});
    REQUIRE(events.size() == 2);
    CHECK(events[0].after == "203.0.113.80 tcp/443 https");  // first seen first
    CHECK(events[0].note == "inside");
    CHECK(events[1].field == "remote-control");
    CHECK(events[1].after == "198.51.100.7 tcp/3389 rdp");
    CHECK(events[1].note == "outside");
    CHECK(events[1].mac == kCt);
    CHECK(events[1].frame == 11);
    CHECK(query(l,
                "SELECT connection_rows || '/' || connection_evictions || '/' || inside_plan "
                "FROM captures") == "2/3/1");
}

TEST_CASE("connection points: repeats add up across captures; a line open for hours is always on",
          "[ledger][connections]") {
    TempDir dir;
    Ledger l(dir.path() / "l.db", Ledger::Mode::read_write);
    VendorRegistry vendors;
    {
        Writer w(l, vendors);
        const auto cap = w.begin_capture(CaptureInfo{"/captures/one.pcap", 1, "sha256:one", 1});
        w.apply(devices(cap));
        // First seen mid-stream on a port only: class from the port, opener unknown.
        auto first =
            conversation("10.20.0.5", kCt, "198.51.100.7", kVendorRouter, 6, 5938, Opener::unknown,
                         kT0 + kHour, kT0 + kHour + 20 * kSecond, cap, 40);
        w.record_connections({first}, ConnectionTableSummary{1, 0, false});
        w.commit_capture(100, 0);
    }
    {
        Writer w(l, vendors);
        const auto cap = w.begin_capture(CaptureInfo{"/captures/two.pcap", 2, "sha256:two", 1});
        // The same conversation, earlier and longer, now recognised from its bytes.
        auto again = conversation("10.20.0.5", kCt, "198.51.100.7", kVendorRouter, 6, 5938,
                                  Opener::outside, kT0, kT0 + 2 * kHour, cap, 3);
        again.service_class = ServiceClass::remote_control;
        again.protocol = "teamviewer";
        const std::string_view product = "TeamViewer";
        again.product_len =
            static_cast<std::uint8_t>(product.copy(again.product.data(), product.size()));
        w.record_connections({again}, ConnectionTableSummary{1, 0, false});
        CHECK(w.commit_capture(100, 0).connections_new == 0);
    }
    const Snapshot snap(l);  // no map: RFC 1918 decided, and nothing places the point
    const auto list = snap.connections();
    REQUIRE(list.points.size() == 1);
    const auto& p = list.points.front();
    CHECK(p.sessions == 2);
    CHECK(p.packets == 20);
    CHECK(p.first_seen_us == kT0);
    CHECK(p.last_seen_us == kT0 + 2 * kHour);
    CHECK(p.longest_us == 2 * kHour);
    CHECK(p.always_on);
    CHECK(p.service_class == "remote-control");
    CHECK(p.class_source == "bytes");
    CHECK(p.protocol == "teamviewer");
    CHECK(p.product == "TeamViewer");
    CHECK(p.opener == "outside");
    CHECK(p.evidence.capture == "/captures/two.pcap");  // the earlier first packet
    CHECK(p.evidence.frame == 3);
    CHECK(p.department.empty());
    CHECK_FALSE(list.plan_configured);
    CHECK(list.captures == 2);
    CHECK(list.captures_without_plan == 2);
    CHECK(query(l, "SELECT count(*) FROM events WHERE kind = 'connection_new'") == "1");
}

TEST_CASE(
    "connection points: a row seen twice in one capture, or in the next capture of the "
    "same writer, is one point",
    "[ledger][connections]") {
    // The first row of a point is stored by plain insert; a second row of the same key (a
    // conversation evicted and seen again, or the next capture) must add up, not be dropped.
    TempDir dir;
    Ledger l(dir.path() / "l.db", Ledger::Mode::read_write);
    VendorRegistry vendors;
    Writer w(l, vendors);
    auto one = w.begin_capture(CaptureInfo{"/captures/one.pcap", 1, "sha256:one", 1});
    w.apply(devices(one));
    const auto early = conversation("10.20.0.5", kCt, "198.51.100.7", kVendorRouter, 6, 3389,
                                    Opener::outside, kT0, kT0 + 10 * kSecond, one, 11);
    const auto later = conversation("10.20.0.5", kCt, "198.51.100.7", kVendorRouter, 6, 3389,
                                    Opener::outside, kT0 + kHour, kT0 + kHour + kSecond, one, 90);
    w.record_connections({early, later}, ConnectionTableSummary{2, 0, false});
    CHECK(w.commit_capture(100, 0).connections_new == 1);
    const auto two = w.begin_capture(CaptureInfo{"/captures/two.pcap", 2, "sha256:two", 1});
    w.apply(devices(two));
    const auto next = conversation("10.20.0.5", kCt, "198.51.100.7", kVendorRouter, 6, 3389,
                                   Opener::outside, kT0 + 2 * kHour, kT0 + 9 * kHour, two, 5);
    w.record_connections({next}, ConnectionTableSummary{1, 0, false});
    CHECK(w.commit_capture(100, 0).connections_new == 0);

    const auto list = Snapshot(l).connections();
    REQUIRE(list.points.size() == 1);
    const auto& p = list.points.front();
    CHECK(p.sessions == 3);
    CHECK(p.packets == 30);
    CHECK(p.first_seen_us == kT0);
    CHECK(p.last_seen_us == kT0 + 9 * kHour);
    CHECK(p.always_on);  // from the third row's seven hours: set by the upsert, not the insert
    CHECK(p.evidence.frame == 11);
    CHECK(query(l, "SELECT count(*) FROM events WHERE kind = 'connection_new'") == "1");
}

TEST_CASE("connection points: a host behind a router is no point of the router",
          "[ledger][connections]") {
    TempDir dir;
    Ledger l(dir.path() / "l.db", Ledger::Mode::read_write);
    VendorRegistry vendors;
    Writer w(l, vendors);
    const auto cap = w.begin_capture(CaptureInfo{"/captures/one.pcap", 1, "sha256:one", 1});
    Batch b;
    const char* router = "00:00:0c:00:00:09";
    b.activity.push_back(activity(router, 0, 5, 500, kT0, kT0 + 10, cap, 1));
    b.observations.push_back(arp(router, "10.20.255.254", cap, 2, kT0));  // its own address
    w.apply(b);
    // 10.30.4.4 sits behind the router: its packets carry the router's MAC.
    w.record_connections({conversation("10.30.4.4", router, "203.0.113.9", kFirewall, 17, 123,
                                       Opener::inside, kT0, kT0 + kSecond, cap, 5)},
                         ConnectionTableSummary{1, 0, true});
    w.commit_capture(10, 0);
    const auto list = Snapshot(l, hospital()).connections();
    REQUIRE(list.points.size() == 1);
    CHECK(list.points[0].inside_device_id == 0);
    CHECK(list.points[0].department == "看護部");  // placed by its inside address
    CHECK(list.points[0].department_source == "subnet 10.30.0.0/16");
    CHECK(list.points[0].service_class == "ntp");
    CHECK(list.points[0].gateway_device_id == 0);  // the firewall sent nothing: no device
}

TEST_CASE("connection points: nothing of an aborted capture is stored", "[ledger][connections]") {
    TempDir dir;
    Ledger l(dir.path() / "l.db", Ledger::Mode::read_write);
    VendorRegistry vendors;
    Writer w(l, vendors);
    const auto cap = w.begin_capture(CaptureInfo{"/captures/one.pcap", 1, "sha256:one", 1});
    w.apply(devices(cap));
    w.record_connections(first_rows(cap), ConnectionTableSummary{2, 0, true});
    w.abort_capture();
    CHECK(query(l, "SELECT count(*) FROM connection_points") == "0");
    CHECK(query(l, "SELECT count(*) FROM connection_names") == "0");
    CHECK(Snapshot(l).connections().points.empty());
}

TEST_CASE("service classes by port and the always-on rule", "[ledger][connections]") {
    using daicho::ledger::always_on;
    using daicho::ledger::service_by_port;
    CHECK(service_by_port(6, 443, Opener::inside).service_class == "web");
    CHECK(service_by_port(17, 53, Opener::inside).protocol == "dns");
    CHECK(service_by_port(17, 123, Opener::unknown).service_class == "ntp");
    CHECK(service_by_port(6, 587, Opener::inside).service_class == "mail");
    CHECK(service_by_port(6, 22, Opener::outside).service_class == "remote-control");
    CHECK(service_by_port(6, 23, Opener::outside).protocol == "telnet");
    CHECK(service_by_port(6, 22, Opener::inside).service_class == "other");
    CHECK(service_by_port(17, 443, Opener::inside).protocol == "quic");
    CHECK(service_by_port(6, 12345, Opener::inside).service_class == "other");
    CHECK(service_by_port(50, 0, Opener::inside).service_class == "other");

    CHECK(always_on(0, kHour, 1, kHour));
    CHECK_FALSE(always_on(0, kHour, 1, kHour - 1));
    CHECK(always_on(0, 8 * kHour, 8, kHour / 2));  // re-opened every hour all day
    CHECK_FALSE(always_on(0, 8 * kHour, 7, kHour / 2));
    CHECK_FALSE(always_on(0, 7 * kHour, 100, kHour / 2));  // a busy morning is no line
}
