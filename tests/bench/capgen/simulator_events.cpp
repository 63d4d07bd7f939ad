// Simulator timer handlers: identity traffic (ARP, NDP, DHCP, LLDP) and housekeeping UDP
// (DNS, NTP, SNMP, syslog). Every handler writes exactly one frame and may schedule the
// answer or its own next occurrence.

#include <array>
#include <string>
#include <string_view>

#include "app_payloads.h"
#include "simulator.h"

namespace daicho::capgen {

namespace {
constexpr std::int64_t kMs = 1000;
constexpr std::int64_t kSecond = 1000000;
constexpr std::uint16_t kArpRequest = 1;
constexpr std::uint16_t kArpReply = 2;
constexpr std::uint32_t kLeaseS = 3600;

// DHCP option 55 lists as the OS families send them.
constexpr std::array<std::uint8_t, 14> kPrlWindows{1, 3, 6, 15, 31, 33, 43, 44, 46, 47, 119, 121, 249, 252};
constexpr std::array<std::uint8_t, 12> kPrlAndroid{1, 3, 6, 15, 26, 28, 51, 58, 59, 43, 114, 108};
constexpr std::array<std::uint8_t, 12> kPrlIos{1, 121, 3, 6, 15, 108, 114, 119, 252, 95, 44, 46};
constexpr std::array<std::uint8_t, 7> kPrlPrinter{1, 3, 6, 12, 15, 42, 44};

struct ClientOptions {
    std::string_view vendor_class;
    std::span<const std::uint8_t> prl;
};
ClientOptions client_options(DhcpProfile p) noexcept {
    switch (p) {
        case DhcpProfile::windows:
            return {"MSFT 5.0", kPrlWindows};
        case DhcpProfile::android:
            return {"android-dhcp-13", kPrlAndroid};
        case DhcpProfile::ios:
            return {"", kPrlIos};
        case DhcpProfile::printer:
            return {"", kPrlPrinter};
        default:
            return {"", {}};
    }
}

std::string_view printer_descr(std::string_view vendor) noexcept {
    if (vendor.rfind("Brother", 0) == 0) {
        return "Brother NC-9700h, Firmware Ver.1.21  (23.10.16),MID 8CE-K73,FID 2";
    }
    if (vendor.rfind("CANON", 0) == 0) {
        return "Canon iR-ADV C5840 /P";
    }
    return "KONICA MINOLTA bizhub C450i";
}

constexpr std::array<std::string_view, 4> kSwitchLogs{
    "%LINK-3-UPDOWN: Interface GigabitEthernet1/0/17, changed state to up",
    "%LINEPROTO-5-UPDOWN: Line protocol on Interface GigabitEthernet1/0/17, changed state to up",
    "%SYS-5-CONFIG_I: Configured from console by netadmin on vty0 (10.100.1.16)",
    "%DOT1X-5-SUCCESS: Authentication successful for client (0000.0000.0000) on Interface Gi1/0/9",
};
constexpr std::array<std::string_view, 3> kServerLogs{
    "systemd[1]: Started Daily apt download activities.",
    "CRON[20211]: (root) CMD (/usr/local/sbin/backup-rotate --quiet)",
    "ntpd[812]: kernel reports TIME_ERROR: 0x2041: Clock Unsynchronized",
};

Ipv6 router_prefix(std::uint16_t vlan) noexcept {
    // 2001:db8:<vlan>::/64 (RFC 3849 documentation space)
    Ipv6 p{{0x20, 0x01, 0x0d, 0xb8, static_cast<std::uint8_t>(vlan >> 8U),
            static_cast<std::uint8_t>(vlan), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}};
    return p;
}
}  // namespace

void Simulator::handle(const Timer& tm) {
    switch (tm.kind) {
        case Ev::arp_gw:
        case Ev::arp_gw_reply:
        case Ev::router_arp:
        case Ev::router_arp_reply:
            on_arp(tm);
            return;
        case Ev::ndp:
        case Ev::ndp_reply:
        case Ev::ra:
            on_ndp(tm);
            return;
        case Ev::dhcp_discover:
        case Ev::dhcp_offer:
        case Ev::dhcp_request:
        case Ev::dhcp_ack:
            on_dhcp(tm);
            return;
        case Ev::lldp:
            on_lldp(tm);
            return;
        case Ev::dicom:
        case Ev::hl7:
        case Ev::intellivue:
            on_medical(tm);
            return;
        default:
            on_udp_service(tm);
            return;
    }
}

void Simulator::on_arp(const Timer& tm) {
    const Host& h = net_.hosts[tm.who];
    const Host& r = net_.hosts[net_.router];
    const Ipv4 gw = gateway_of(h);
    switch (tm.kind) {
        case Ev::arp_gw:
            b_.ethernet(kBroadcastMac, h.mac, h.vlan, kEtherArp);
            b_.arp(kArpRequest, h.mac, h.ip, kZeroMac, gw);
            schedule(now_ + static_cast<std::int64_t>(rng_.range(80, 900)), Ev::arp_gw_reply, tm.who);
            schedule(now_ + static_cast<std::int64_t>(rng_.range(cfg_.arp_min_s, cfg_.arp_max_s)) * kSecond,
                     Ev::arp_gw, tm.who);
            break;
        case Ev::arp_gw_reply:
            b_.ethernet(h.mac, r.mac, h.vlan, kEtherArp);
            b_.arp(kArpReply, r.mac, gw, h.mac, h.ip);
            break;
        case Ev::router_arp:
            b_.ethernet(kBroadcastMac, r.mac, h.vlan, kEtherArp);
            b_.arp(kArpRequest, r.mac, gw, kZeroMac, h.ip);
            schedule(now_ + static_cast<std::int64_t>(rng_.range(80, 900)), Ev::router_arp_reply, tm.who);
            schedule(now_ + static_cast<std::int64_t>(rng_.range(cfg_.router_arp_min_s,
                                                                 cfg_.router_arp_max_s)) * kSecond,
                     Ev::router_arp, tm.who);
            break;
        default:
            b_.ethernet(r.mac, h.mac, h.vlan, kEtherArp);
            b_.arp(kArpReply, h.mac, h.ip, r.mac, gw);
            break;
    }
    emit(now_, &SimStats::arp);
}

void Simulator::on_ndp(const Timer& tm) {
    const Host& r = net_.hosts[net_.router];
    if (tm.kind == Ev::ra) {
        const Vlan& v = net_.vlans[tm.who];
        const Ipv6 prefix = router_prefix(v.id);
        b_.ethernet(ipv6_multicast_mac(kAllNodes), r.mac, v.id, kEtherIpv6);
        b_.ipv6(r.ll, kAllNodes, kProtoIcmpv6, 255);  // RFC 4861 §6.1.2: hop limit 255
        b_.ndp_ra(64, 0, 1800, r.mac, &prefix);
        schedule(now_ + static_cast<std::int64_t>(rng_.range(cfg_.ra_min_s, cfg_.ra_max_s)) * kSecond,
                 Ev::ra, tm.who);
        emit(now_, &SimStats::ndp);
        return;
    }
    const Host& h = net_.hosts[tm.who];
    const Vlan* v = net_.vlan(h.vlan);
    const bool routed = v != nullptr && v->ipv6_ra;
    if (tm.kind == Ev::ndp_reply) {
        if (tm.arg == 1) {  // router answers the host's NS
            b_.ethernet(h.mac, r.mac, h.vlan, kEtherIpv6);
            b_.ipv6(r.ll, h.ll, kProtoIcmpv6, 255);
            b_.ndp_na(r.ll, kNaRouter | kNaSolicited | kNaOverride, &r.mac);
        } else {  // host answers the router's NS
            b_.ethernet(r.mac, h.mac, h.vlan, kEtherIpv6);
            b_.ipv6(h.ll, r.ll, kProtoIcmpv6, 255);
            b_.ndp_na(h.ll, kNaSolicited | kNaOverride, &h.mac);
        }
        emit(now_, &SimStats::ndp);
        return;
    }
    switch (tm.arg) {
        case 0: {  // duplicate address detection (RFC 4862 §5.4.2): from ::, no SLLAO
            const Ipv6 group = solicited_node(h.ll);
            b_.ethernet(ipv6_multicast_mac(group), h.mac, h.vlan, kEtherIpv6);
            b_.ipv6(kUnspecified, group, kProtoIcmpv6, 255);
            b_.ndp_ns(h.ll, nullptr);
            break;
        }
        case 1: {  // host resolves the router
            const Ipv6 group = solicited_node(r.ll);
            b_.ethernet(ipv6_multicast_mac(group), h.mac, h.vlan, kEtherIpv6);
            b_.ipv6(h.ll, group, kProtoIcmpv6, 255);
            b_.ndp_ns(r.ll, &h.mac);
            schedule(now_ + static_cast<std::int64_t>(rng_.range(100, 900)), Ev::ndp_reply, tm.who, 1);
            break;
        }
        default: {  // router resolves the host
            const Ipv6 group = solicited_node(h.ll);
            b_.ethernet(ipv6_multicast_mac(group), r.mac, h.vlan, kEtherIpv6);
            b_.ipv6(r.ll, group, kProtoIcmpv6, 255);
            b_.ndp_ns(h.ll, &r.mac);
            schedule(now_ + static_cast<std::int64_t>(rng_.range(100, 900)), Ev::ndp_reply, tm.who, 2);
            break;
        }
    }
    if (routed) {
        const std::uint64_t next = tm.arg == 1 ? 2 : 1;
        const std::int64_t delay = tm.arg == 0 ? static_cast<std::int64_t>(rng_.range(1, 3))
                                               : static_cast<std::int64_t>(rng_.range(cfg_.ndp_min_s, cfg_.ndp_max_s));
        schedule(now_ + delay * kSecond, Ev::ndp, tm.who, next);
    }
    emit(now_, &SimStats::ndp);
}

void Simulator::on_dhcp(const Timer& tm) {
    const Host& h = net_.hosts[tm.who];
    const Host& r = net_.hosts[net_.router];
    const Host& server = net_.hosts[net_.svc.dhcp];
    const auto xid = static_cast<std::uint32_t>(tm.arg != 0 ? tm.arg : (rng_.next() | 1U));
    const bool selecting = tm.arg2 != 0;  // part of a DORA (else a renewal)
    const ClientOptions co = client_options(h.dhcp);
    const std::uint32_t dhcp_server = static_cast<std::uint32_t>(net_.svc.dhcp);
    DhcpMessage m;
    m.xid = xid;
    m.chaddr = h.mac;
    m.hostname = h.hostname;
    m.vendor_class = co.vendor_class;
    m.prl = co.prl;
    switch (tm.kind) {
        case Ev::dhcp_discover:
            m.type = DhcpType::discover;
            b_.ethernet(kBroadcastMac, h.mac, h.vlan, kEtherIpv4);
            b_.ipv4(0, 0xffffffffU, kProtoUdp, h.initial_ttl, next_ip_id(tm.who));
            b_.udp(68, 67);
            schedule(now_ + static_cast<std::int64_t>(rng_.range(2, 40)) * kMs, Ev::dhcp_offer, tm.who, xid, 1);
            break;
        case Ev::dhcp_offer:
        case Ev::dhcp_ack:
            m.type = tm.kind == Ev::dhcp_offer ? DhcpType::offer : DhcpType::ack;
            m.yiaddr = h.ip;
            m.server_id = server.ip;
            m.subnet_mask = 0xffff0000U;
            m.router = gateway_of(h);
            m.dns = net_.hosts[net_.svc.dns].ip;
            m.domain = net_.domain;
            m.lease_s = kLeaseS;
            if (selecting) {  // relayed by the gateway (RFC 2131 §4.1: giaddr set)
                m.giaddr = gateway_of(h);
                m.ciaddr = 0;
                b_.ethernet(h.mac, r.mac, h.vlan, kEtherIpv4);
                b_.ipv4(m.giaddr, h.ip, kProtoUdp, 255, next_ip_id(net_.router));
                b_.udp(67, 68);
            } else {
                m.ciaddr = h.ip;
                udp_frame(dhcp_server, tm.who, 67, 68, server.vlan == h.vlan);
            }
            if (tm.kind == Ev::dhcp_offer) {
                schedule(now_ + static_cast<std::int64_t>(rng_.range(5, 120)) * kMs, Ev::dhcp_request, tm.who, xid, 1);
            } else if (selecting) {
                schedule(now_ + static_cast<std::int64_t>(rng_.range(100, 1500)) * kMs, Ev::arp_gw, tm.who);
                if (h.ipv6) {
                    schedule(now_ + static_cast<std::int64_t>(rng_.range(50, 500)) * kMs, Ev::ndp, tm.who, 0);
                }
            }
            break;
        case Ev::dhcp_request:
            m.type = DhcpType::request;
            if (selecting) {
                m.requested_ip = h.ip;
                m.server_id = server.ip;
                b_.ethernet(kBroadcastMac, h.mac, h.vlan, kEtherIpv4);
                b_.ipv4(0, 0xffffffffU, kProtoUdp, h.initial_ttl, next_ip_id(tm.who));
                b_.udp(68, 67);
            } else {
                m.ciaddr = h.ip;  // RENEWING: unicast to the server (RFC 2131 §4.3.2)
                udp_frame(tm.who, dhcp_server, 68, 67, true);
            }
            schedule(now_ + static_cast<std::int64_t>(rng_.range(2, 40)) * kMs, Ev::dhcp_ack, tm.who, xid, tm.arg2);
            break;
        default:
            break;
    }
    dhcp(b_, m);
    emit(now_, &SimStats::dhcp);
}

void Simulator::on_lldp(const Timer& tm) {
    const Switch& sw = net_.switches[tm.who];
    const Host& h = net_.hosts[sw.host];
    LldpInfo info;
    info.chassis = h.mac;
    info.port_id = sw.port_id;
    info.port_description = sw.port_descr;
    info.system_name = sw.sys_name;
    info.system_description = sw.sys_descr;
    info.capabilities = sw.capabilities;
    info.management = h.ip;
    b_.ethernet(kLldpMulticast, sw.port_mac, 0, kEtherLldp);
    lldp(b_, info);
    schedule(now_ + cfg_.lldp_period_s * kSecond + static_cast<std::int64_t>(rng_.below(2000)),
             Ev::lldp, tm.who);
    emit(now_, &SimStats::lldp);
}

void Simulator::on_udp_service(const Timer& tm) {
    const std::uint32_t who = tm.who;
    const Host& h = net_.hosts[who];
    const auto& svc = net_.svc;
    const bool seen_at_client = (tm.arg2 & 1U) != 0;
    switch (tm.kind) {
        case Ev::dns: {
            // Phones ask for the outside world, PCs mostly for hospital names.
            std::size_t name = 0;
            if (h.role == Role::phone) {
                name = dns_internal_ + 2 + rng_.below(dns_names_.size() - dns_internal_ - 2);
            } else if (rng_.chance(800)) {
                name = rng_.below(dns_internal_);
            } else {
                name = dns_internal_ + rng_.below(2);
            }
            const auto id = static_cast<std::uint16_t>(rng_.next());
            const std::uint16_t port = next_port(who);
            const bool side = rng_.chance(500);
            udp_frame(who, static_cast<std::uint32_t>(svc.dns), port, 53, side);
            dns_query(b_, id, dns_names_[name]);
            schedule(now_ + static_cast<std::int64_t>(rng_.range(150, 2500)), Ev::dns_reply, who,
                     id | (std::uint64_t{name} << 16U) | (std::uint64_t{port} << 32U),
                     side ? 1U : 0U);
            schedule(now_ + static_cast<std::int64_t>(rng_.range(cfg_.dns_min_s, cfg_.dns_max_s)) * kSecond,
                     Ev::dns, who);
            break;
        }
        case Ev::dns_reply: {
            const auto name = static_cast<std::size_t>((tm.arg >> 16U) & 0xffffU);
            udp_frame(static_cast<std::uint32_t>(svc.dns), who, 53,
                      static_cast<std::uint16_t>(tm.arg >> 32U), !seen_at_client);
            dns_response(b_, static_cast<std::uint16_t>(tm.arg), dns_names_[name], dns_answers_[name]);
            break;
        }
        case Ev::ntp: {
            const bool side = rng_.chance(500);
            udp_frame(who, static_cast<std::uint32_t>(svc.ntp), 123, 123, side);
            ntp_client(b_, now_);
            schedule(now_ + static_cast<std::int64_t>(rng_.range(300, 3000)), Ev::ntp_reply, who,
                     static_cast<std::uint64_t>(now_), side ? 1U : 0U);
            schedule(now_ + static_cast<std::int64_t>(rng_.range(cfg_.ntp_min_s, cfg_.ntp_max_s)) * kSecond,
                     Ev::ntp, who);
            break;
        }
        case Ev::ntp_reply:
            udp_frame(static_cast<std::uint32_t>(svc.ntp), who, 123, 123, !seen_at_client);
            ntp_server(b_, static_cast<std::int64_t>(tm.arg), now_, ipv4(133, 243, 238, 163));
            break;
        case Ev::snmp: {
            const auto request_id = static_cast<std::uint32_t>(rng_.below(0x7fffffff));
            const std::uint16_t port = next_port(static_cast<std::uint32_t>(svc.nms));
            udp_frame(static_cast<std::uint32_t>(svc.nms), who, port, 161, true);
            snmp_get_sysdescr(b_, "public", request_id);
            schedule(now_ + static_cast<std::int64_t>(rng_.range(500, 5000)), Ev::snmp_reply, who,
                     request_id | (std::uint64_t{port} << 32U));
            schedule(now_ + std::int64_t{cfg_.snmp_period_s} * kSecond, Ev::snmp, who);
            break;
        }
        case Ev::snmp_reply: {
            const int sw = switch_of_host_[who];
            const std::string_view descr = sw >= 0 ? std::string_view(net_.switches[static_cast<std::size_t>(sw)].sys_descr)
                                                   : printer_descr(h.vendor);
            udp_frame(who, static_cast<std::uint32_t>(svc.nms), 161,
                      static_cast<std::uint16_t>(tm.arg >> 32U), false);
            snmp_response_sysdescr(b_, "public", static_cast<std::uint32_t>(tm.arg), descr);
            break;
        }
        case Ev::syslog: {
            const int sw = switch_of_host_[who];
            const std::string_view host =
                sw >= 0 ? std::string_view(net_.switches[static_cast<std::size_t>(sw)].sys_name)
                        : std::string_view(h.hostname);
            const std::string_view msg = sw >= 0 ? kSwitchLogs[rng_.below(kSwitchLogs.size())]
                                                 : kServerLogs[rng_.below(kServerLogs.size())];
            udp_frame(who, static_cast<std::uint32_t>(svc.syslog), 514, 514, rng_.chance(500));
            syslog(b_, sw >= 0 ? 189 : 30, now_, host, msg);
            schedule(now_ + static_cast<std::int64_t>(rng_.range(cfg_.syslog_min_s, cfg_.syslog_max_s)) * kSecond,
                     Ev::syslog, who);
            break;
        }
        default:
            break;
    }
    emit(now_, &SimStats::udp);
}

}  // namespace daicho::capgen
