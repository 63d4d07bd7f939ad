#pragma once
// A small hospital in a ledger, for the network picture's tests: written through the ledger's
// Writer as ingest writes it, read back through the Snapshot.
//
//   VLAN 20 放射線科 10.20/16, VLAN 30 看護部 10.30/16, VLAN 10 情報システム部 10.10/16,
//   VLAN 90 transit, VLAN 99 the WAN link; the router holds 10.20.0.1, 10.30.0.1, 10.10.0.1 and
//   10.90.0.1, relays DHCP and is named the gateway by the DHCP server's router option; two hosts
//   in 10.40.0.0/16 (no department) reach the sensor through it. The firewall (10.90.0.2, a
//   LLDP router) joins VLAN 90 to VLAN 99 (10.99.0.3), where the ISP's router (203.0.113.1) is. Core switch "core-1" (bridge + router), access switch whose
//   LLDP port description names core-1, and a switch whose system name is hostile.

#include <string>
#include <vector>

#include "daicho/ledger/address_plan.h"
#include "daicho/ledger/ledger.h"
#include "daicho/ledger/snapshot.h"
#include "daicho/ledger/vendor_registry.h"
#include "ledger_test_util.h"
#include "temp_dir.h"

namespace daicho::test::topology {

using collectors::FactKind;

inline constexpr const char* kRouter = "00:a0:de:00:00:01";
inline constexpr const char* kDhcp = "00:0c:29:00:00:05";
inline constexpr const char* kCore = "00:1b:54:00:00:02";
inline constexpr const char* kAccess = "00:0d:da:00:00:03";
inline constexpr const char* kHostile = "00:0d:da:00:00:04";
inline constexpr const char* kIsp = "00:00:5e:00:53:01";
inline constexpr const char* kFirewall = "00:09:0f:00:00:99";
inline constexpr const char* kCdpPair = "00:0d:da:00:00:05";  // speaks LLDP and CDP
// A switch's system name as an attacker would announce it: quotes, markup, a Graphviz escape,
// an entity and a control byte.
inline constexpr const char* kHostileName = "sw\"<b>&amp;\\N</b>\x07x";
inline constexpr const char* kHostileDepartment = "<検査>&\"科\"";

inline ledger::DepartmentMap department_map() {
    ledger::DepartmentMap map;
    const auto prefix = [](const char* p) { return *ledger::parse_prefix(p); };
    map.sites.push_back({"本院", {prefix("10.0.0.0/8")}, {}});
    map.departments.push_back({"情報システム部", "本院", {prefix("10.10.0.0/16")}, {10}});
    map.departments.push_back({"放射線科", "本院", {prefix("10.20.0.0/16")}, {20}});
    map.departments.push_back({"看護部", "本院", {prefix("10.30.0.0/16")}, {30}});
    map.departments.push_back({kHostileDepartment, "本院", {prefix("10.50.0.0/16")}, {50}});
    return map;
}

inline ledger::StoredObservation ip_only(ledger::StoredObservation o, const char* address) {
    o.subject.has_mac = false;
    o.subject.mac = {};
    o.subject.ip = ip(address);
    return o;
}

inline ledger::Batch hospital(std::uint32_t cap) {
    ledger::Batch b;
    std::uint64_t frame = 1;
    const auto on = [&](const char* m, const char* address, std::uint16_t vlan) {
        b.activity.push_back(activity(m, vlan, 10, 1000, kT0, kT0 + 60'000'000, cap, frame));
        auto a = arp(m, address, cap, frame++, kT0);
        a.subject.vlan = vlan;
        b.observations.push_back(a);
    };
    const auto fact = [&](const char* m, FactKind kind, std::string value, const char* source,
                          std::uint64_t at_frame) {
        b.observations.push_back(observation(m, kind, std::move(value), source, cap, at_frame, kT0));
    };
    on(kRouter, "10.10.0.1", 10);
    on(kRouter, "10.20.0.1", 20);
    on(kRouter, "10.30.0.1", 30);
    on(kRouter, "10.90.0.1", 90);
    on(kFirewall, "10.90.0.2", 90);
    on(kFirewall, "10.99.0.3", 99);
    on(kIsp, "203.0.113.1", 99);
    on(kDhcp, "10.10.1.5", 10);
    on(kCore, "10.10.0.2", 10);
    on(kAccess, "10.10.0.3", 10);
    on(kHostile, "10.10.0.4", 10);
    on(kCdpPair, "10.10.0.5", 10);
    // End devices: two PCs and a printer in radiology, one PC in the wards.
    const char* pcs[][3] = {{"00:16:3e:00:20:01", "10.20.2.11", "RAD-WS01"},
                            {"00:16:3e:00:20:02", "10.20.2.12", "RAD-WS02"},
                            {"00:16:3e:00:30:01", "10.30.2.11", "NS-PC-01"}};
    for (const auto& pc : pcs) {
        const std::uint16_t vlan = pc[1][3] == '2' ? 20 : 30;
        on(pc[0], pc[1], vlan);
        fact(pc[0], FactKind::hostname, pc[2], "dhcp", frame++);
        fact(pc[0], FactKind::vendor_class, "MSFT 5.0", "dhcp", frame++);
    }
    on("00:16:3e:00:20:03", "10.20.2.13", 20);
    fact("00:16:3e:00:20:03", FactKind::service, "tcp/9100", "tcp", frame++);

    // DHCP: the server names the router as gateway of 10.20 (option 3) and itself as DNS; the
    // router relays.
    auto gw = observation(kDhcp, FactKind::role, "gateway", "dhcp", cap, frame++, kT0);
    b.observations.push_back(ip_only(gw, "10.20.0.1"));
    fact(kDhcp, FactKind::role, "dhcp-server", "dhcp", frame++);
    fact(kDhcp, FactKind::role, "dns-server", "dns", frame++);
    fact(kRouter, FactKind::role, "dhcp-relay", "dhcp", frame++);
    // Two hosts of 10.40.0.0/16 behind the router (one alone could be the router's own
    // secondary address: identity/routing.h).
    b.observations.push_back(
        sent_from(kRouter, "10.40.0.9", FactKind::service, "tcp/22", "tcp", cap, frame++));
    b.observations.push_back(
        sent_from(kRouter, "10.40.0.10", FactKind::service, "tcp/80", "tcp", cap, frame++));

    fact(kFirewall, FactKind::capability, "router", "lldp", frame);
    fact(kFirewall, FactKind::system_name, "fw01", "lldp", frame++);
    // LLDP: port id and description come in one frame.
    fact(kCore, FactKind::capability, "bridge", "lldp", frame);
    fact(kCore, FactKind::capability, "router", "lldp", frame);
    fact(kCore, FactKind::system_name, "core-1", "lldp", frame);
    fact(kCore, FactKind::port_id, "Gi1/0/48", "lldp", frame);
    fact(kCore, FactKind::port_description, "SPAN to sensor", "lldp", frame++);
    fact(kAccess, FactKind::capability, "bridge", "lldp", frame);
    fact(kAccess, FactKind::system_name, "acc-2f", "lldp", frame);
    fact(kAccess, FactKind::port_id, "port1.0.28", "lldp", frame);
    fact(kAccess, FactKind::port_description, "uplink core-1 Gi1/0/2", "lldp", frame++);
    fact(kHostile, FactKind::capability, "bridge", "lldp", frame);
    fact(kHostile, FactKind::system_name, kHostileName, "lldp", frame);
    fact(kHostile, FactKind::port_id, "p1", "lldp", frame);
    fact(kHostile, FactKind::port_description, "to core-1x and core-1", "lldp", frame++);
    fact(kCdpPair, FactKind::capability, "bridge", "cdp", frame);
    fact(kCdpPair, FactKind::port_id, "02:da:1c:02:a1:01", "lldp", frame);
    fact(kCdpPair, FactKind::port_description, "p1", "lldp", frame++);
    fact(kCdpPair, FactKind::port_id, "p1", "cdp", frame++);
    return b;
}

// The fixture's ledger, read back with the department map.
struct Fixture {
    TempDir dir;
    ledger::DepartmentMap map = department_map();
    ledger::Snapshot::DeviceList list;

    Fixture() {
        ledger::Ledger l(dir.path() / "topology.ledger", ledger::Ledger::Mode::read_write);
        l.set_address_plan(ledger::AddressPlan(map));
        ledger::VendorRegistry vendors;
        {
            ledger::Writer w(l, vendors);
            const auto cap = w.begin_capture({"/captures/hospital.pcap", 1, "sha256:h", 1});
            w.apply(hospital(cap));
            w.commit_capture(100, 0);
        }
        list = ledger::Snapshot(l, map).device_list();
    }

    [[nodiscard]] std::int64_t id_of(const std::string& m) const {
        for (const auto& d : list.devices) {
            if (d.mac == m && !d.routed) {
                return d.id;
            }
        }
        return 0;
    }
};

}  // namespace daicho::test::topology
