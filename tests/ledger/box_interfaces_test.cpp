// One box, several interfaces (read/box_interfaces.h): a switch's management MAC and the port
// MACs it sends LLDP from, tied by its chassis id, management address or system name, are one
// device; evidence weaker than a chassis id never joins two boxes that announce different ones;
// a person can join and split.

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "daicho/ledger/annotations.h"
#include "daicho/ledger/ledger.h"
#include "daicho/ledger/snapshot.h"
#include "daicho/ledger/vendor_registry.h"
#include "ledger_test_util.h"
#include "temp_dir.h"

using Catch::Matchers::Contains;
using daicho::collectors::FactKind;
using daicho::ledger::Batch;
using daicho::ledger::CaptureInfo;
using daicho::ledger::DeviceRecord;
using daicho::ledger::Ledger;
using daicho::ledger::Snapshot;
using daicho::ledger::VendorRegistry;
using daicho::ledger::Writer;
using daicho::test::activity;
using daicho::test::arp;
using daicho::test::kT0;
using daicho::test::observation;
using daicho::test::TempDir;

namespace {

constexpr const char* kMgmt = "00:1b:21:aa:00:01";   // answers ARP for the management IP
constexpr const char* kPort1 = "00:1b:21:aa:00:11";  // LLDP from port 1
constexpr const char* kPort2 = "00:1b:21:aa:00:12";  // LLDP from port 2

// An LLDPDU's facts, sent from `port` (the frame's source MAC).
void lldp(Batch& b, const char* port, const std::string& chassis, const std::string& name,
          const std::string& management, std::uint64_t frame, std::uint16_t sensor = 0) {
    b.activity.push_back(activity(port, 1, 4, 400, kT0, kT0 + 1000, 1, frame, sensor));
    const auto fact = [&](FactKind kind, const std::string& value) {
        if (!value.empty()) {
            auto o = observation(port, kind, value, "lldp", 1, frame, kT0);
            o.subject.sensor = sensor;
            b.observations.push_back(o);
        }
    };
    fact(FactKind::chassis_id, chassis);
    fact(FactKind::system_name, name);
    fact(FactKind::management_address, management);
    fact(FactKind::port_id, std::string("port-") + port);
}

void management_row(Batch& b, const char* mac, const char* address, std::uint16_t sensor = 0) {
    b.activity.push_back(activity(mac, 1, 10, 1000, kT0, kT0 + 2000, 1, 1, sensor));
    auto o = arp(mac, address, 1, 1, kT0);
    o.subject.sensor = sensor;
    b.observations.push_back(o);
}

struct Fixture {
    TempDir tmp;
    VendorRegistry vendors;
    Ledger ledger{tmp.path() / "l.db", Ledger::Mode::read_write};

    void ingest(const Batch& b) {
        static int n = 0;
        Writer w(ledger, vendors);
        const std::string name = "c" + std::to_string(++n);
        w.begin_capture(CaptureInfo{"/captures/" + name, 1, name, 1});
        w.apply(b);
        w.commit_capture(1, 0);
    }

    std::vector<DeviceRecord> devices() const { return ledger.devices(); }

    // The one record holding `mac`, by lookup, checked against the whole list's.
    DeviceRecord find(const std::string& mac) const {
        const auto found = Snapshot(ledger).find(mac);
        REQUIRE(found.size() == 1);
        return found.front();
    }
};

std::vector<std::string> interface_macs(const DeviceRecord& d) {
    std::vector<std::string> out;
    for (const auto& i : d.interfaces) {
        out.push_back(i.mac);
    }
    return out;
}

}  // namespace

TEST_CASE("a switch's management MAC and its LLDP port MACs are one device", "[ledger][box]") {
    Fixture f;
    Batch b;
    management_row(b, kMgmt, "10.1.0.2");
    lldp(b, kPort1, kMgmt, "core-sw1", "10.1.0.2", 2);
    lldp(b, kPort2, kMgmt, "core-sw1", "10.1.0.2", 3);
    f.ingest(b);

    const auto all = f.devices();
    REQUIRE(all.size() == 1);
    const DeviceRecord& d = all.front();
    CHECK(d.mac == kMgmt);  // the lowest ledger id: the first row the capture made
    CHECK(interface_macs(d) == std::vector<std::string>{kPort1, kPort2});
    CHECK_THAT(d.interfaces[0].reason, Contains("LLDP chassis id 00:1b:21:aa:00:01") &&
                                           Contains("announced from 00:1b:21:aa:00:11"));
    REQUIRE(d.addresses.size() == 1);
    CHECK(d.addresses[0].address == "10.1.0.2");
    CHECK(d.hostnames == std::vector<std::string>{"core-sw1"});
    CHECK(d.packets == 18);

    // Every interface finds the same record, and it is the one the list shows.
    for (const char* mac : {kMgmt, kPort1, kPort2}) {
        INFO(mac);
        const DeviceRecord one = f.find(mac);
        CHECK(one.id == d.id);
        CHECK(interface_macs(one) == interface_macs(d));
        CHECK(one.hostnames == d.hostnames);
    }
    const auto by_ip = Snapshot(f.ledger).find("10.1.0.2");
    REQUIRE(by_ip.size() == 1);
    CHECK(by_ip.front().id == d.id);
    const auto by_name = Snapshot(f.ledger).find("CORE-SW1");
    REQUIRE(by_name.size() == 1);
    CHECK(interface_macs(by_name.front()) == interface_macs(d));
}

TEST_CASE("port MACs that share a chassis id that is no MAC of theirs are one device",
          "[ledger][box]") {
    Fixture f;
    Batch b;
    lldp(b, kPort1, "chassis-FX2200", "", "", 2);
    lldp(b, kPort2, "chassis-FX2200", "", "", 3);
    f.ingest(b);
    const auto all = f.devices();
    REQUIRE(all.size() == 1);
    CHECK_THAT(all[0].interfaces.at(0).reason, Contains("same LLDP chassis id chassis-FX2200"));
    CHECK(f.find(kPort2).id == all[0].id);
}

TEST_CASE("a management address ties the port to the row that holds it", "[ledger][box]") {
    Fixture f;
    Batch b;
    management_row(b, kMgmt, "10.1.0.2");
    lldp(b, kPort1, "", "edge-sw7", "10.1.0.2", 2);
    f.ingest(b);
    const auto all = f.devices();
    REQUIRE(all.size() == 1);
    CHECK_THAT(all[0].interfaces.at(0).reason,
               Contains("lldp management address 10.1.0.2") && Contains("held by " +
                                                                       std::string(kMgmt)));
    CHECK(f.find(kPort1).id == all[0].id);
}

TEST_CASE("a shared name or address never joins boxes with different chassis ids",
          "[ledger][box]") {
    Fixture f;
    Batch b;
    // Two stacks configured from one template: same name, same (wrong) management address.
    management_row(b, kMgmt, "10.1.0.2");
    lldp(b, kPort1, "00:1b:21:bb:00:00", "floor-sw", "10.1.0.2", 2);
    lldp(b, kPort2, "00:1b:21:cc:00:00", "floor-sw", "10.1.0.2", 3);
    f.ingest(b);
    const auto all = f.devices();
    // The management row joins the first port (no chassis of its own); the second port's
    // chassis id differs, so it stays a box of its own.
    REQUIRE(all.size() == 2);
    for (const auto& d : all) {
        CHECK(d.interfaces.size() <= 1);
    }
    CHECK(f.find(kPort2).interfaces.empty());
}

TEST_CASE("a factory-default name ties nothing; two sensors never share a box", "[ledger][box]") {
    Fixture f;
    Batch b;
    lldp(b, kPort1, "", "localhost", "", 2);
    lldp(b, kPort2, "", "LocalHost", "", 3);
    lldp(b, "00:1b:21:aa:00:21", kMgmt, "site-sw", "", 4, 0);
    lldp(b, "00:1b:21:aa:00:22", kMgmt, "site-sw", "", 5, 1);  // another broadcast domain
    f.ingest(b);
    const auto all = f.devices();
    CHECK(all.size() == 4);
    for (const auto& d : all) {
        CHECK(d.interfaces.empty());
    }
}

TEST_CASE("a person splits a box the evidence merged, and joins what it could not",
          "[ledger][box]") {
    Fixture f;
    Batch b;
    management_row(b, kMgmt, "10.1.0.2");
    lldp(b, kPort1, kMgmt, "core-sw1", "10.1.0.2", 2);
    management_row(b, "00:1b:21:dd:00:01", "10.9.0.1");  // a router interface, no LLDP
    f.ingest(b);
    REQUIRE(f.devices().size() == 2);
    const std::int64_t router = f.find("00:1b:21:dd:00:01").id;
    const std::int64_t port = f.find(kPort1).interfaces.at(0).id;

    // own_box on the port row: no automatic merge takes it.
    daicho::ledger::annotate(f.ledger, port, {{"own_box", "yes"}}, "cli");
    auto all = f.devices();
    CHECK(all.size() == 3);
    CHECK(f.find(kPort1).id == port);
    CHECK(f.find(kPort1).interfaces.empty());

    // same_box by MAC: the router row joins the switch (a person knows it is a routing switch).
    daicho::ledger::annotate(f.ledger, router, {{"same_box", "00-1B-21-AA-00-01"}}, "cli");
    all = f.devices();
    CHECK(all.size() == 2);
    const DeviceRecord sw = f.find("10.9.0.1");
    CHECK(sw.mac == kMgmt);
    REQUIRE(sw.interfaces.size() == 1);
    CHECK(sw.interfaces[0].id == router);
    CHECK_THAT(sw.interfaces[0].reason, Contains("same_box=00:1b:21:aa:00:01"));

    CHECK_THROWS_WITH(daicho::ledger::annotate(f.ledger, router, {{"same_box", "sw-1"}}, "cli"),
                      Contains("same_box must be a device id or a MAC"));
    CHECK_THROWS_WITH(
        daicho::ledger::annotate(f.ledger, router, {{"same_box", std::to_string(router)}}, "cli"),
        Contains("names the device itself"));
    CHECK_THROWS_WITH(daicho::ledger::annotate(f.ledger, port, {{"own_box", "no"}}, "cli"),
                      Contains("own_box is 'yes'"));
}

namespace {

// A row that answers ARP for `address` and says nothing else.
void quiet_row(Batch& b, const char* mac, const char* address, std::uint64_t frame) {
    b.activity.push_back(activity(mac, 1, 5, 500, kT0, kT0 + 1000, 1, frame));
    b.observations.push_back(arp(mac, address, 1, frame, kT0));
}

// A row that names itself over DHCP: host name and fingerprint.
void dhcp_row(Batch& b, const char* mac, const char* address, const std::string& name,
              std::uint64_t frame) {
    quiet_row(b, mac, address, frame);
    b.observations.push_back(observation(mac, FactKind::hostname, name, "dhcp", 1, frame, kT0));
    b.observations.push_back(
        observation(mac, FactKind::dhcp_fingerprint, "1,3,6,15,31,33,43,44,46,47,119,121,249,252",
                    "dhcp", 1, frame, kT0));
}

}  // namespace

TEST_CASE("an SNMP walk's interface MACs and addresses tie the rows that hold them to the agent",
          "[ledger][box]") {
    Fixture f;
    Batch b;
    constexpr const char* kAgent = "00:1b:54:aa:00:01";  // answers SNMP on 10.1.2.1
    constexpr const char* kVlan20 = "00:1b:54:aa:00:02";  // the router's MAC in another VLAN
    constexpr const char* kOther = "00:1b:54:99:00:07";   // holds 10.20.0.1 (another MAC)
    constexpr const char* kStranger = "00:1b:54:aa:00:09";  // listed by nobody
    quiet_row(b, kAgent, "10.1.2.1", 1);
    quiet_row(b, kVlan20, "10.20.0.254", 2);
    quiet_row(b, kOther, "10.20.0.1", 3);
    quiet_row(b, kStranger, "10.1.2.9", 4);
    for (const auto& [kind, value] :
         {std::pair{FactKind::interface_mac, "00:1b:54:aa:00:02"},
          std::pair{FactKind::interface_mac, "00:1b:54:aa:00:03"},  // a port nobody saw
          std::pair{FactKind::interface_address, "10.1.2.1"},
          std::pair{FactKind::interface_address, "10.20.0.1"}}) {
        b.observations.push_back(
            daicho::test::sent_from(kAgent, "10.1.2.1", kind, value, "snmp", 1, 5));
    }
    f.ingest(b);

    const auto all = f.devices();
    REQUIRE(all.size() == 2);
    const DeviceRecord box = f.find(kAgent);
    CHECK(box.mac == kAgent);
    CHECK(interface_macs(box) == std::vector<std::string>{kVlan20, kOther});
    CHECK_THAT(box.interfaces[0].reason,
               Contains("SNMP interface MAC 00:1b:54:aa:00:02 (ifPhysAddress) listed by " +
                        std::string(kAgent)));
    CHECK_THAT(box.interfaces[1].reason,
               Contains("SNMP interface address 10.20.0.1 listed by " + std::string(kAgent)) &&
                   Contains("held by " + std::string(kOther)));
    CHECK(box.addresses.size() == 3);
    // Each row finds the box by a one-device lookup, as the whole list shows it.
    for (const char* mac : {kVlan20, kOther}) {
        INFO(mac);
        CHECK(f.find(mac).id == box.id);
        CHECK(interface_macs(f.find(mac)) == interface_macs(box));
    }
    CHECK(f.find(kStranger).interfaces.empty());
    CHECK(f.find(kStranger).id != box.id);

    // own_box on a listed row: the person's word beats the walk.
    daicho::ledger::annotate(f.ledger, f.find(kOther).interfaces.at(1).id, {{"own_box", "yes"}},
                             "cli");
    CHECK(f.devices().size() == 3);
    CHECK(f.find(kOther).interfaces.empty());
    CHECK(interface_macs(f.find(kAgent)) == std::vector<std::string>{kVlan20});
}

TEST_CASE("port MACs near an LLDP chassis MAC join its box; rows with their own identity stay",
          "[ledger][box]") {
    Fixture f;
    Batch b;
    // A switch: LLDP from port 1 with its base MAC as chassis id; management on base + 0x40.
    lldp(b, "00:1b:21:aa:00:11", "00:1b:21:aa:00:00", "core-sw1", "", 2);
    quiet_row(b, "00:1b:21:aa:00:40", "10.1.0.2", 3);  // 64 past the chassis: in the block
    quiet_row(b, "00:1b:21:aa:00:41", "10.1.0.3", 4);  // 65 past: outside
    quiet_row(b, "00:1b:22:aa:00:05", "10.1.0.4", 5);  // near in value, another OUI
    // Two devices of the same maker with adjacent MACs inside the block, each with its own
    // DHCP identity: two rows, never ports of the switch.
    dhcp_row(b, "00:1b:21:aa:00:21", "10.1.0.21", "nurse-pc-21", 6);
    dhcp_row(b, "00:1b:21:aa:00:22", "10.1.0.22", "nurse-pc-22", 7);
    f.ingest(b);

    const auto all = f.devices();
    REQUIRE(all.size() == 5);
    const DeviceRecord sw = f.find("00:1b:21:aa:00:11");
    CHECK(interface_macs(sw) == std::vector<std::string>{"00:1b:21:aa:00:40"});
    CHECK_THAT(sw.interfaces.at(0).reason,
               Contains("port MAC 00:1b:21:aa:00:40 lies within 64 of LLDP chassis id "
                        "00:1b:21:aa:00:00 announced from 00:1b:21:aa:00:11"));
    CHECK(f.find("10.1.0.2").id == sw.id);  // the lookup reads the block too
    CHECK(f.find("00:1b:21:aa:00:40").id == sw.id);
    for (const char* apart :
         {"00:1b:21:aa:00:41", "00:1b:22:aa:00:05", "00:1b:21:aa:00:21", "00:1b:21:aa:00:22"}) {
        INFO(apart);
        const DeviceRecord d = f.find(apart);
        CHECK(d.id != sw.id);
        CHECK(d.interfaces.empty());
    }
    CHECK(f.find("nurse-pc-21").mac == "00:1b:21:aa:00:21");
    CHECK(f.find("nurse-pc-22").mac == "00:1b:21:aa:00:22");
}

TEST_CASE("the port-MAC block of a CDP sender; where two blocks overlap, a row joins neither",
          "[ledger][box]") {
    Fixture f;
    Batch b;
    // CDP names the box but gives no chassis MAC: the sender's own MAC anchors the block.
    b.activity.push_back(activity("00:1e:49:10:00:05", 1, 4, 400, kT0, kT0 + 1000, 1, 2));
    b.observations.push_back(
        observation("00:1e:49:10:00:05", FactKind::system_name, "dist-sw2", "cdp", 1, 2, kT0));
    quiet_row(b, "00:1e:49:10:00:01", "10.2.0.1", 3);  // its VLAN-interface MAC, 4 below
    // Another box of the maker announcing its own chassis over LLDP, 75 above the first.
    lldp(b, "00:1e:49:10:00:50", "00:1e:49:10:00:50", "", "", 4);
    quiet_row(b, "00:1e:49:10:00:30", "10.2.0.30", 5);  // in both blocks: whose is unknown
    f.ingest(b);

    const DeviceRecord sw = f.find("dist-sw2");
    CHECK(sw.mac == "00:1e:49:10:00:05");  // the lowest ledger id heads the box
    CHECK(interface_macs(sw) == std::vector<std::string>{"00:1e:49:10:00:01"});
    CHECK(f.find("10.2.0.1").id == sw.id);
    CHECK_THAT(sw.interfaces.at(0).reason,
               Contains("port MAC 00:1e:49:10:00:01 lies within 64 of LLDP/CDP sender MAC "
                        "00:1e:49:10:00:05 announced from 00:1e:49:10:00:05"));
    CHECK(f.find("00:1e:49:10:00:50").id != sw.id);
    CHECK(f.find("00:1e:49:10:00:30").interfaces.empty());
    CHECK(f.find("00:1e:49:10:00:30").id != f.find("00:1e:49:10:00:50").id);
    CHECK(f.devices().size() == 3);
}
