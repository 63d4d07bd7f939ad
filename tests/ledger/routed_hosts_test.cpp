// Hosts behind a router: their packets reach the sensor with the router's MAC, so their facts
// arrive filed under the router. They must become devices of their own, keyed by (domain, IP),
// and never be merged into the router; a host that later shows up on the link takes its facts.

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "daicho/ledger/annotations.h"
#include "daicho/ledger/address_plan.h"
#include "daicho/ledger/ledger.h"
#include "daicho/ledger/snapshot.h"
#include "daicho/ledger/vendor_registry.h"
#include "ledger_test_util.h"
#include "temp_dir.h"

using daicho::collectors::FactKind;
using daicho::ledger::Batch;
using daicho::ledger::CaptureInfo;
using daicho::ledger::DeviceRecord;
using daicho::ledger::Ledger;
using daicho::ledger::VendorRegistry;
using daicho::ledger::Writer;
using daicho::test::activity;
using daicho::test::arp;
using daicho::test::has_fact;
using daicho::test::kT0;
using daicho::test::sent_from;
using daicho::test::TempDir;

namespace {

constexpr const char* kRouter = "00:18:73:de:57:c1";
constexpr const char* kPc = "00:11:22:33:44:55";
constexpr const char* kPacs = "00:09:6b:00:00:05";

// The router (10.0.0.1 on the link) forwards answers from two servers in another subnet, a
// web server on the Internet and a link-local DHCPv6 client; a PC on the link sends once from
// a secondary address nobody ARPed for.
Batch first_capture(std::uint32_t cap) {
    Batch b;
    b.activity.push_back(activity(kRouter, 10, 50, 50000, kT0, kT0 + 100, cap, 1));
    b.activity.push_back(activity(kPc, 10, 5, 500, kT0, kT0 + 100, cap, 2));
    b.observations.push_back(arp(kRouter, "10.0.0.1", cap, 1, kT0));
    b.observations.push_back(arp(kPc, "10.0.0.20", cap, 2, kT0));
    b.observations.push_back(
        sent_from(kRouter, "10.0.0.1", FactKind::software, "SSH-2.0-Cisco-1.25", "ssh", cap, 3));
    b.observations.push_back(sent_from(kRouter, "10.20.0.5", FactKind::software,
                                       "SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.6", "ssh", cap, 4));
    b.observations.push_back(
        sent_from(kRouter, "10.20.0.5", FactKind::service, "tcp/22", "tcp", cap, 5));
    b.observations.push_back(
        sent_from(kRouter, "10.20.0.6", FactKind::software, "Microsoft-IIS/10.0", "http", cap, 6));
    b.observations.push_back(
        sent_from(kRouter, "203.0.113.80", FactKind::software, "nginx/1.25.3", "http", cap, 7));
    b.observations.push_back(
        sent_from(kRouter, "fe80::1", FactKind::dhcp_fingerprint, "23,24", "dhcpv6", cap, 8));
    b.observations.push_back(
        sent_from(kPc, "10.0.0.21", FactKind::software, "Apache/2.4.58", "http", cap, 9));
    return b;
}

const DeviceRecord* find(const std::vector<DeviceRecord>& ds, const std::string& mac,
                         const std::string& address = "") {
    for (const auto& d : ds) {
        if (d.mac == mac &&
            (address.empty() || (!d.addresses.empty() && d.addresses.front().address == address))) {
            return &d;
        }
    }
    return nullptr;
}

void ingest(Ledger& l, const VendorRegistry& vendors, const std::string& name, const Batch& batch) {
    Writer w(l, vendors);
    w.begin_capture(CaptureInfo{"/captures/" + name, 100, "sha256:" + name, 1});
    w.apply(batch);
    w.commit_capture(10, 0);
}

}  // namespace

TEST_CASE("hosts behind a router become devices of their own, keyed by domain and IP",
          "[ledger][routed]") {
    TempDir tmp;
    const VendorRegistry vendors;
    Ledger l(tmp.path() / "l.db", Ledger::Mode::read_write);
    ingest(l, vendors, "one.pcap", first_capture(1));

    const auto ds = l.devices();
    REQUIRE(ds.size() == 4);  // router, PC, two routed servers

    const DeviceRecord* router = find(ds, kRouter);
    REQUIRE(router != nullptr);
    CHECK_FALSE(router->routed);
    CHECK(has_fact(*router, "SSH-2.0-Cisco-1.25"));
    CHECK_FALSE(has_fact(*router, "SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.6"));
    CHECK_FALSE(has_fact(*router, "Microsoft-IIS/10.0"));
    // The Internet's web server is no hospital device, and its banner is not the router's:
    // it goes to nobody. A link-local sender never crossed a router: it stays.
    CHECK_FALSE(has_fact(*router, "nginx/1.25.3"));
    CHECK(find(ds, "", "203.0.113.80") == nullptr);
    CHECK(has_fact(*router, "23,24"));

    const DeviceRecord* ssh = find(ds, "", "10.20.0.5");
    REQUIRE(ssh != nullptr);
    CHECK(ssh->routed);
    CHECK(ssh->routed_via == kRouter);
    CHECK(ssh->mac_kind == "none");
    CHECK(ssh->vendor.empty());
    CHECK(ssh->first_evidence.capture == "/captures/one.pcap");
    CHECK(ssh->first_evidence.frame == 4);
    CHECK(ssh->services == std::vector<std::string>{"tcp/22"});
    REQUIRE(ssh->software.size() == 1);
    CHECK(ssh->software[0].product == "OpenSSH");
    CHECK(ssh->category == "server");  // classified from its own facts, not the router's

    // A new routed host is a new device in the history, named by its address.
    CHECK(daicho::test::query(l,
                              "SELECT group_concat(field || ' ' || after || ' ' || "
                              "capture_id, ', ') FROM events WHERE kind = 'device_new' "
                              "AND device_id IN (SELECT id FROM devices WHERE mac = '')") ==
          "address 10.20.0.5 1, address 10.20.0.6 1");

    const DeviceRecord* iis = find(ds, "", "10.20.0.6");
    REQUIRE(iis != nullptr);
    CHECK(has_fact(*iis, "Microsoft-IIS/10.0"));

    // One stray secondary address does not make a PC a router.
    const DeviceRecord* pc = find(ds, kPc);
    REQUIRE(pc != nullptr);
    CHECK(has_fact(*pc, "Apache/2.4.58"));
    CHECK(find(ds, "", "10.0.0.21") == nullptr);

    // A person can annotate a routed host: it has a ledger id that survives the next ingest.
    daicho::ledger::annotate(l, ssh->id, {{"location", "本館 3F サーバ室"}}, "cli");
    const auto ssh_id = ssh->id;
    ingest(l, vendors, "two.pcap", first_capture(2));
    const auto again = l.devices();
    CHECK(again.size() == 4);
    CHECK(daicho::test::query(l, "SELECT count(*) FROM events WHERE kind = 'device_new'") ==
          "4");  // the second capture of the same traffic adds no new device
    const DeviceRecord* ssh2 = find(again, "", "10.20.0.5");
    REQUIRE(ssh2 != nullptr);
    CHECK(ssh2->id == ssh_id);
    REQUIRE(ssh2->annotation("location") != nullptr);
}

TEST_CASE("a routed host that appears on the link hands its facts to that device",
          "[ledger][routed]") {
    TempDir tmp;
    const VendorRegistry vendors;
    Ledger l(tmp.path() / "l.db", Ledger::Mode::read_write);
    ingest(l, vendors, "one.pcap", first_capture(1));
    REQUIRE(find(l.devices(), "", "10.20.0.5") != nullptr);

    // The sensor now also sees VLAN 20, where the PACS server answers ARP for 10.20.0.5.
    Batch b;
    b.activity.push_back(activity(kPacs, 20, 3, 300, kT0 + 200, kT0 + 210, 2, 1));
    b.observations.push_back(arp(kPacs, "10.20.0.5", 2, 1, kT0 + 200));
    ingest(l, vendors, "two.pcap", b);

    const auto ds = l.devices();
    CHECK(find(ds, "", "10.20.0.5") == nullptr);  // not annotated: nothing left to show
    const DeviceRecord* pacs = find(ds, kPacs);
    REQUIRE(pacs != nullptr);
    CHECK(has_fact(*pacs, "SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.6"));
    CHECK(pacs->services == std::vector<std::string>{"tcp/22"});
    const DeviceRecord* router = find(ds, kRouter);
    REQUIRE(router != nullptr);
    CHECK_FALSE(has_fact(*router, "SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.6"));
    CHECK(find(ds, "", "10.20.0.6") != nullptr);
}

TEST_CASE("a MAC that announces routing sends for one host behind it", "[ledger][routed]") {
    TempDir tmp;
    const VendorRegistry vendors;
    Ledger l(tmp.path() / "l.db", Ledger::Mode::read_write);
    Batch b;
    b.activity.push_back(activity(kRouter, 10, 5, 500, kT0, kT0 + 10, 1, 1));
    b.observations.push_back(arp(kRouter, "10.0.0.1", 1, 1, kT0));
    b.observations.push_back(
        daicho::test::observation(kRouter, FactKind::capability, "router", "lldp", 1, 2, kT0 + 2));
    b.observations.push_back(
        sent_from(kRouter, "10.30.0.9", FactKind::software, "Microsoft-IIS/10.0", "http", 1, 3));
    ingest(l, vendors, "one.pcap", b);
    const auto ds = l.devices();
    REQUIRE(ds.size() == 2);
    const DeviceRecord* host = find(ds, "", "10.30.0.9");
    REQUIRE(host != nullptr);
    CHECK(host->routed_via == kRouter);
}

TEST_CASE("facts from outside the hospital never land on the device that relayed them",
          "[ledger][routed]") {
    // A firewall's inside interface (10.0.0.254) relays an Internet web server's answers and
    // a DNS resolver's; the ISP's router (203.0.113.1, on the WAN segment) relays a second
    // web server's. None of those is the relay's, and none is a hospital device. The
    // firewall's own banner, sent from its own address, stays.
    constexpr const char* kFirewall = "00:09:0f:00:00:01";
    constexpr const char* kIsp = "00:1a:eb:00:00:01";
    TempDir tmp;
    const VendorRegistry vendors;
    Ledger l(tmp.path() / "l.db", Ledger::Mode::read_write);
    Batch b;
    b.activity.push_back(activity(kFirewall, 10, 50, 50000, kT0, kT0 + 100, 1, 1));
    b.activity.push_back(activity(kIsp, 30, 50, 50000, kT0, kT0 + 100, 1, 2));
    b.observations.push_back(arp(kFirewall, "10.0.0.254", 1, 1, kT0));
    b.observations.push_back(arp(kIsp, "203.0.113.1", 1, 2, kT0));
    b.observations.push_back(
        sent_from(kFirewall, "10.0.0.254", FactKind::software, "FortiGate-60F", "http", 1, 3));
    b.observations.push_back(
        sent_from(kFirewall, "198.51.100.80", FactKind::service, "tcp/80", "tcp", 1, 4));
    b.observations.push_back(sent_from(kFirewall, "198.51.100.80", FactKind::software,
                                       "SimpleHTTP/0.6 Python/3.11.2", "http", 1, 5));
    b.observations.push_back(
        sent_from(kFirewall, "198.51.100.53", FactKind::role, "dns-server", "dns", 1, 6));
    b.observations.push_back(
        sent_from(kIsp, "198.51.100.81", FactKind::service, "tcp/443", "tcp", 1, 7));
    b.observations.push_back(
        sent_from(kIsp, "203.0.113.1", FactKind::service, "tcp/22", "tcp", 1, 8));
    ingest(l, vendors, "one.pcap", b);

    const auto ds = l.devices();
    REQUIRE(ds.size() == 2);  // no device for any Internet address
    const DeviceRecord* fw = find(ds, kFirewall);
    REQUIRE(fw != nullptr);
    CHECK(has_fact(*fw, "FortiGate-60F"));
    CHECK_FALSE(has_fact(*fw, "tcp/80"));
    CHECK_FALSE(has_fact(*fw, "SimpleHTTP/0.6 Python/3.11.2"));
    CHECK_FALSE(has_fact(*fw, "dns-server"));
    CHECK(fw->services.empty());
    const DeviceRecord* isp = find(ds, kIsp);
    REQUIRE(isp != nullptr);
    CHECK_FALSE(has_fact(*isp, "tcp/443"));
    CHECK(isp->services == std::vector<std::string>{"tcp/22"});  // its own, from its address
    // The ISP's router holds only an address outside the plan: an external endpoint, never a
    // Q8/Q9 asset. The firewall's inside interface is the hospital's.
    CHECK(isp->outside_plan);
    CHECK_FALSE(fw->outside_plan);
    // The relayed facts stay stored under the relay, with the server's address, for the
    // connection model: only the device view leaves them out.
    CHECK(daicho::test::query(l, "SELECT count(*) FROM device_facts WHERE subject_ip LIKE "
                                 "'198.51.100.%'") == "4");
}

TEST_CASE("the hospital's address plan decides which hosts behind a router are inside",
          "[ledger][routed]") {
    // A hospital numbered in public space (133.10.0.0/16) whose router also forwards a
    // vendor's VPN pool in RFC 1918 space that the plan does not list.
    const auto batch = [] {
        Batch b;
        b.activity.push_back(activity(kRouter, 10, 50, 50000, kT0, kT0 + 100, 1, 1));
        b.observations.push_back(arp(kRouter, "133.10.0.1", 1, 1, kT0));
        b.observations.push_back(sent_from(kRouter, "133.10.20.5", FactKind::software,
                                           "Microsoft-IIS/10.0", "http", 1, 2));
        b.observations.push_back(
            sent_from(kRouter, "133.10.20.6", FactKind::service, "tcp/104", "tcp", 1, 3));
        b.observations.push_back(
            sent_from(kRouter, "192.168.77.9", FactKind::service, "tcp/443", "tcp", 1, 4));
        return b;
    };
    daicho::ledger::DepartmentMap map;
    map.sites.push_back({"本院", {*daicho::ledger::parse_prefix("133.10.0.0/16")}, {}});

    SECTION("with the plan: the public servers are hosts, the VPN pool goes to nobody") {
        TempDir tmp;
        const VendorRegistry vendors;
        Ledger l(tmp.path() / "l.db", Ledger::Mode::read_write);
        l.set_address_plan(daicho::ledger::AddressPlan(map));
        ingest(l, vendors, "one.pcap", batch());
        const auto ds = l.devices();
        CHECK(ds.size() == 3);
        REQUIRE(find(ds, "", "133.10.20.5") != nullptr);
        CHECK(has_fact(*find(ds, "", "133.10.20.5"), "Microsoft-IIS/10.0"));
        REQUIRE(find(ds, "", "133.10.20.6") != nullptr);
        CHECK(find(ds, "", "192.168.77.9") == nullptr);
        const DeviceRecord* router = find(ds, kRouter);
        REQUIRE(router != nullptr);
        CHECK(router->services.empty());
        // A reader given the same map agrees, whatever plan its Ledger holds.
        const Ledger reader(tmp.path() / "l.db", Ledger::Mode::read_only);
        const auto seen = daicho::ledger::Snapshot(reader, map).devices();
        CHECK(seen.size() == 3);
        REQUIRE(find(seen, kRouter) != nullptr);
        CHECK(find(seen, kRouter)->services.empty());
    }
    SECTION("without a plan: RFC 1918 decides, so the public servers are the Internet") {
        TempDir tmp;
        const VendorRegistry vendors;
        Ledger l(tmp.path() / "l.db", Ledger::Mode::read_write);
        ingest(l, vendors, "one.pcap", batch());
        const auto ds = l.devices();
        CHECK(ds.size() == 1);  // the router; 192.168.77.9 alone does not make it route
        const DeviceRecord* router = find(ds, kRouter);
        REQUIRE(router != nullptr);
        CHECK_FALSE(has_fact(*router, "Microsoft-IIS/10.0"));
        CHECK(router->services == std::vector<std::string>{"tcp/443"});
    }
}
