// Simulator core: the event loop, the session pool and the layer-2 view of IP traffic.
// Timer handlers are in simulator_events.cpp.

#include "simulator.h"

#include <algorithm>

namespace daicho::capgen {

namespace {
constexpr std::int64_t kSecond = 1000000;
constexpr std::uint32_t kMss = 1460;
}  // namespace

Simulator::Simulator(const Network& net, const SimConfig& config, std::uint64_t seed)
    : net_(net), cfg_(config), rng_(seed), sessions_(std::max<std::size_t>(1, config.session_slots)) {
    const auto n = static_cast<std::uint32_t>(net.hosts.size());
    ports_.resize(n);
    ip_ids_.resize(n);
    switch_of_host_.assign(n, -1);
    for (std::uint32_t i = 0; i < n; ++i) {
        ports_[i] = static_cast<std::uint16_t>(49152 + rng_.below(12000));
        ip_ids_[i] = static_cast<std::uint16_t>(rng_.next());
        const Host& h = net.hosts[i];
        switch (h.role) {
            case Role::pc:
            case Role::laptop:
                pcs_.push_back(i);
                clients_.push_back(i);
                if (h.hostname.rfind("RAD", 0) == 0) {
                    rad_ws_.push_back(i);
                }
                break;
            case Role::phone:
                phones_.push_back(i);
                clients_.push_back(i);
                break;
            case Role::modality:
                modalities_.push_back(i);
                break;
            case Role::monitor:
                monitors_.push_back(i);
                break;
            case Role::lab_analyzer:
                analyzers_.push_back(i);
                break;
            default:
                break;
        }
    }
    for (std::size_t s = 0; s < net.switches.size(); ++s) {
        switch_of_host_[net.switches[s].host] = static_cast<int>(s);
    }

    const auto& hosts = net.hosts;
    const auto& svc = net.svc;
    const std::string& d = net.domain;
    dns_names_ = {"emr." + d,  "pacs." + d, "fs01." + d, "dc01." + d,
                  "time." + d, "hl7." + d,  "wsus." + d, "wpad." + d};
    dns_answers_ = {hosts[svc.emr].ip, hosts[svc.pacs].ip, hosts[svc.fileserver].ip,
                    hosts[svc.dns].ip, hosts[svc.ntp].ip,  hosts[svc.hl7].ip,
                    hosts[svc.web.empty() ? svc.emr : svc.web[0]].ip,
                    0};  // wpad: NXDOMAIN, as in most hospitals
    dns_internal_ = dns_names_.size();
    const std::pair<const char*, Ipv4> external[] = {
        {"ctldl.windowsupdate.com", ipv4(203, 0, 113, 10)},
        {"www.msftconnecttest.com", ipv4(203, 0, 113, 20)},
        {"captive.apple.com", ipv4(203, 0, 113, 40)},
        {"connectivitycheck.gstatic.com", ipv4(203, 0, 113, 50)},
        {"time.android.com", ipv4(203, 0, 113, 60)},
    };
    for (const auto& [name, ip] : external) {
        dns_names_.emplace_back(name);
        dns_answers_.push_back(ip);
    }
}

void Simulator::schedule(std::int64_t t, Ev kind, std::uint32_t who, std::uint64_t arg,
                         std::uint32_t arg2) {
    timers_.push(Timer{t, seq_++, kind, who, arg, arg2});
}

std::uint16_t Simulator::next_port(std::uint32_t host) {
    auto& p = ports_[host];
    p = p >= 65000 ? 49152 : static_cast<std::uint16_t>(p + 1 + rng_.below(3));
    return p;
}

std::uint16_t Simulator::next_ip_id(std::uint32_t host) {
    if (host == kExternal) {
        return static_cast<std::uint16_t>(rng_.next());
    }
    return ++ip_ids_[host];
}

std::uint32_t Simulator::pick(const std::vector<std::uint32_t>& from) {
    return from[rng_.below(from.size())];
}

Ipv4 Simulator::gateway_of(const Host& h) const {
    const Vlan* v = net_.vlan(h.vlan);
    return v != nullptr ? v->gateway : 0;
}

Simulator::Leg Simulator::leg(std::uint32_t from, std::uint32_t to, bool seen_at_sender) const {
    const Host& router = net_.hosts[net_.router];
    const bool from_ext = from == kExternal;
    const bool to_ext = to == kExternal;
    const Host& f = from_ext ? router : net_.hosts[from];
    const Host& t = to_ext ? router : net_.hosts[to];
    if (!from_ext && !to_ext && f.vlan == t.vlan) {
        return Leg{f.mac, t.mac, f.vlan, f.initial_ttl};
    }
    if (!from_ext && (seen_at_sender || to_ext)) {
        return Leg{f.mac, router.mac, f.vlan, f.initial_ttl};
    }
    // Seen after the router: one hop used (external traffic: a dozen).
    const auto ttl = static_cast<std::uint8_t>(from_ext ? 52 : f.initial_ttl - 1);
    return Leg{router.mac, t.mac, t.vlan, ttl};
}

void Simulator::udp_frame(std::uint32_t from, std::uint32_t to, std::uint16_t sport,
                          std::uint16_t dport, bool seen_at_sender) {
    const Leg l = leg(from, to, seen_at_sender);
    b_.ethernet(l.dst, l.src, l.vlan, kEtherIpv4);
    b_.ipv4(net_.hosts[from].ip, net_.hosts[to].ip, kProtoUdp, l.ttl, next_ip_id(from));
    b_.udp(sport, dport);
}

void Simulator::emit(std::int64_t ts, std::uint64_t SimStats::*counter) {
    out_->write(ts, b_.finish(), counter == &SimStats::tcp);  // --snaplen cuts bulk TCP only
    ++(stats_.*counter);
    stats_.last_us = ts;
}

std::uint32_t Simulator::request_len(Kind k) {
    std::uint32_t n = 0;
    switch (k) {
        case Kind::https:
            return static_cast<std::uint32_t>(rng_.range(300, 1400));
        case Kind::smb:
            return static_cast<std::uint32_t>(rng_.range(100, 400));
        case Kind::dicom:
            n = static_cast<std::uint32_t>(rng_.range(256U << 10U, 6U << 20U));
            break;
        case Kind::hl7:
            return static_cast<std::uint32_t>(rng_.range(200, 1200));
    }
    return std::max<std::uint32_t>(n / cfg_.size_div, 2 * kMss);
}

std::uint32_t Simulator::response_len(Kind k) {
    std::uint32_t n = 0;
    switch (k) {
        case Kind::https:
            n = static_cast<std::uint32_t>(rng_.chance(900) ? rng_.range(300, 2500)
                                                            : rng_.range(4000, 30000));
            break;
        case Kind::smb:  // mostly metadata (create/query/close), sometimes a file read
            n = static_cast<std::uint32_t>(rng_.chance(950) ? rng_.range(100, 1200)
                                                            : rng_.range(4096, 128U << 10U));
            break;
        case Kind::dicom:
            return static_cast<std::uint32_t>(rng_.range(100, 200));  // C-STORE-RSP size
        case Kind::hl7:
            return static_cast<std::uint32_t>(rng_.range(60, 160));   // ACK message size
    }
    return std::max<std::uint32_t>(n / cfg_.size_div, 200);
}

Simulator::Kind Simulator::slot_kind(std::size_t slot) const noexcept {
    // Each slot serves one kind, so the frame shares follow kSlotShare whatever the session
    // lengths: DICOM 15 %, HL7 33 %, HTTPS 32 %, SMB 20 % of the session frames.
    const std::size_t at = (slot * 1000 + 500) / sessions_.size();
    return at < 150 ? Kind::dicom : at < 480 ? Kind::hl7 : at < 800 ? Kind::https : Kind::smb;
}

void Simulator::open_session(Session& s, Kind kind) {
    s = Session{};
    s.kind = kind;
    if (s.kind == Kind::dicom && modalities_.empty()) {
        s.kind = Kind::smb;
    }
    if ((s.kind == Kind::smb || s.kind == Kind::https) && pcs_.empty()) {
        s.kind = Kind::hl7;
    }
    if (s.kind == Kind::hl7 && monitors_.empty() && analyzers_.empty()) {
        s.kind = Kind::https;
    }
    const auto& svc = net_.svc;
    switch (s.kind) {
        case Kind::https: {
            const bool phone = !phones_.empty() && (pcs_.empty() || rng_.chance(250));
            s.client = phone ? pick(phones_) : pick(pcs_);
            s.dport = 443;
            if (phone) {
                s.server = kExternal;
                s.ext_ip = dns_answers_[dns_internal_ + rng_.below(dns_names_.size() -
                                                                   dns_internal_)];
            } else if (!svc.web.empty() && rng_.chance(400)) {
                s.server = static_cast<std::uint32_t>(svc.web[rng_.below(svc.web.size())]);
            } else {
                s.server = static_cast<std::uint32_t>(svc.emr);
            }
            break;
        }
        case Kind::smb:
            s.client = pick(pcs_);
            s.server = static_cast<std::uint32_t>(svc.fileserver);
            s.dport = 445;
            break;
        case Kind::dicom:
            if (!rad_ws_.empty() && rng_.chance(300)) {
                // PACS pushes a study to a reading workstation (C-MOVE destination).
                s.client = static_cast<std::uint32_t>(svc.pacs);
                s.server = pick(rad_ws_);
                s.dport = 11112;
            } else {
                s.client = pick(modalities_);
                s.server = static_cast<std::uint32_t>(svc.pacs);
                s.dport = net_.pacs_port;
            }
            break;
        case Kind::hl7: {
            const bool lab = !analyzers_.empty() && (monitors_.empty() || rng_.chance(350));
            s.client = lab ? pick(analyzers_) : pick(monitors_);
            s.server = static_cast<std::uint32_t>(lab ? svc.lis : svc.hl7);
            s.dport = lab ? 6661 : 2575;
            break;
        }
    }
    s.active = true;
    s.sport = next_port(s.client);
    s.cseq = static_cast<std::uint32_t>(rng_.next());
    s.sseq = static_cast<std::uint32_t>(rng_.next());
    s.at_client = rng_.chance(500);
    s.rounds = static_cast<std::uint16_t>(s.kind == Kind::hl7     ? rng_.range(5, 40)
                                          : s.kind == Kind::dicom ? rng_.range(1, 3)
                                          : s.kind == Kind::smb   ? rng_.range(4, 20)
                                                                  : rng_.range(1, 8));
    s.rounds = std::min(s.rounds, cfg_.max_rounds);
    session_frame(s, true, kSyn, 0, kMss);
    s.cseq += 1;
    s.phase = 1;
}

void Simulator::session_frame(Session& s, bool from_client, std::uint8_t flags,
                              std::uint32_t len, std::uint16_t mss) {
    const std::uint32_t from = from_client ? s.client : s.server;
    const std::uint32_t to = from_client ? s.server : s.client;
    const Leg l = leg(from, to, from_client ? s.at_client : !s.at_client);
    const Ipv4 cip = net_.hosts[s.client].ip;
    const Ipv4 sip = s.server == kExternal ? s.ext_ip : net_.hosts[s.server].ip;
    b_.ethernet(l.dst, l.src, l.vlan, kEtherIpv4);
    b_.ipv4(from_client ? cip : sip, from_client ? sip : cip, kProtoTcp, l.ttl,
            next_ip_id(from));
    if (from_client) {
        b_.tcp(s.sport, s.dport, s.cseq, s.sseq, flags, 64240, mss);
    } else {
        b_.tcp(s.dport, s.sport, s.sseq, s.cseq, flags, 65160, mss);
    }
    b_.pattern(len);
    emit(now_, &SimStats::tcp);
}

void Simulator::bulk_step(std::int64_t now) {
    now_ = now;
    const std::size_t slot = rng_.below(sessions_.size());
    Session& s = sessions_[slot];
    if (!s.active) {
        open_session(s, slot_kind(slot));
        return;
    }
    switch (s.phase) {
        case 1:
            session_frame(s, false, kSyn | kAck, 0, kMss);
            s.sseq += 1;
            s.phase = 2;
            return;
        case 2:
            session_frame(s, true, kAck, 0, 0);
            s.phase = 3;
            s.client_sending = true;
            s.left = request_len(s.kind);
            s.unacked = 0;
            return;
        case 3: {
            if (s.unacked >= 2) {  // delayed ACK every second segment (RFC 9293 §3.8.6.3)
                session_frame(s, !s.client_sending, kAck, 0, 0);
                s.unacked = 0;
                return;
            }
            const std::uint32_t seg = std::min(kMss, s.left);
            const bool last = seg == s.left;
            session_frame(s, s.client_sending, static_cast<std::uint8_t>(kAck | (last ? kPsh : 0)),
                          seg, 0);
            (s.client_sending ? s.cseq : s.sseq) += seg;
            s.left -= seg;
            ++s.unacked;
            if (s.left == 0) {
                s.unacked = 0;
                if (s.client_sending) {
                    s.client_sending = false;
                    s.left = response_len(s.kind);
                } else if (--s.rounds == 0) {
                    s.phase = 4;
                } else {
                    s.client_sending = true;
                    s.left = request_len(s.kind);
                }
            }
            return;
        }
        case 4:
            session_frame(s, true, kFin | kAck, 0, 0);
            s.cseq += 1;
            s.phase = 5;
            return;
        case 5:
            session_frame(s, false, kFin | kAck, 0, 0);
            s.sseq += 1;
            s.phase = 6;
            return;
        default:
            session_frame(s, true, kAck, 0, 0);
            s.active = false;
            return;
    }
}

SimStats Simulator::run(PcapWriter& out, std::uint64_t frames) {
    out_ = &out;
    stats_ = SimStats{};
    stats_.first_us = cfg_.start_us;
    const std::int64_t start = cfg_.start_us;
    auto at = [&](std::uint32_t max_s) {
        return start + static_cast<std::int64_t>(rng_.below(std::uint64_t{max_s} * kSecond + 1));
    };

    for (std::uint32_t i = 0; i < net_.hosts.size(); ++i) {
        const Host& h = net_.hosts[i];
        if (h.role == Role::router) {
            continue;
        }
        const bool boots = h.dhcp != DhcpProfile::none && rng_.chance(cfg_.dora_per_mille);
        if (boots) {
            schedule(at(cfg_.dhcp_window_s), Ev::dhcp_discover, i);  // ARP follows the ACK
        } else {
            if (h.dhcp != DhcpProfile::none) {
                schedule(at(cfg_.dhcp_window_s), Ev::dhcp_request, i, 0, 0);  // renewal
            }
            schedule(at(cfg_.arp_first_s), Ev::arp_gw, i);
        }
        schedule(at(cfg_.router_arp_max_s), Ev::router_arp, i);
        if (h.role == Role::pc || h.role == Role::laptop || h.role == Role::phone) {
            schedule(at(cfg_.dns_max_s), Ev::dns, i);
        }
        if (h.role != Role::phone && i != net_.svc.ntp) {
            schedule(at(cfg_.ntp_max_s), Ev::ntp, i);
        }
        if (h.role == Role::printer || h.role == Role::network) {
            schedule(at(cfg_.snmp_period_s), Ev::snmp, i);
        }
        if ((h.role == Role::network || h.role == Role::server) && i != net_.svc.syslog) {
            schedule(at(cfg_.syslog_max_s), Ev::syslog, i);
        }
        if (h.ipv6) {
            schedule(at(cfg_.ndp_min_s), Ev::ndp, i, 0);
        }
    }
    for (std::uint32_t v = 0; v < net_.vlans.size(); ++v) {
        if (net_.vlans[v].ipv6_ra) {
            schedule(at(cfg_.ra_min_s), Ev::ra, v);
        }
    }
    for (std::uint32_t s = 0; s < net_.switches.size(); ++s) {
        schedule(at(cfg_.lldp_period_s), Ev::lldp, s);
    }
    schedule_medical(start);

    const bool bulk = cfg_.session_slots > 0;
    std::int64_t next_bulk = start + static_cast<std::int64_t>(
                                         rng_.range(cfg_.bulk_gap_min_us, cfg_.bulk_gap_max_us));
    while (out.frames() < frames) {
        if (!timers_.empty() && (!bulk || timers_.top().t <= next_bulk)) {
            const Timer tm = timers_.top();
            timers_.pop();
            now_ = tm.t;
            handle(tm);
        } else if (bulk) {
            bulk_step(next_bulk);
            next_bulk += static_cast<std::int64_t>(
                rng_.range(cfg_.bulk_gap_min_us, cfg_.bulk_gap_max_us));
        } else {
            break;
        }
    }
    out_ = nullptr;
    return stats_;
}

}  // namespace daicho::capgen
