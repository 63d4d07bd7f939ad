#pragma once
// Turns a Network into a timed frame stream: TCP sessions (HTTPS, SMB, DICOM, HL7) stepped
// one frame at a time from a fixed pool, and per-host timers for identity and housekeeping
// traffic (ARP, NDP, DHCP, DNS, NTP, SNMP, syslog, LLDP). Deterministic for a given seed;
// integer arithmetic only.

#include <array>
#include <cstddef>
#include <cstdint>
#include <queue>
#include <string>
#include <vector>

#include "frame_builder.h"
#include "network.h"
#include "pcap_writer.h"
#include "rng.h"

namespace daicho::capgen {

// 2026-03-02T08:00:00Z
inline constexpr std::int64_t kStartUs = 1772438400LL * 1000000LL;

struct SimConfig {
    std::int64_t start_us = kStartUs;
    // Bulk TCP: one session step every [min, max] microseconds, over a pool of sessions.
    std::uint32_t bulk_gap_min_us = 20;
    std::uint32_t bulk_gap_max_us = 380;
    std::size_t session_slots = 64;
    std::uint32_t size_div = 1;  // divides transfer sizes (the demo keeps them short)
    std::uint16_t max_rounds = 0xffff;  // request/response exchanges per TCP session
    // Timers, in seconds: first occurrence in [0, first], then every [min, max].
    std::uint32_t arp_first_s = 120, arp_min_s = 60, arp_max_s = 240;
    std::uint32_t router_arp_min_s = 300, router_arp_max_s = 900;
    std::uint32_t dns_min_s = 15, dns_max_s = 45;
    std::uint32_t ntp_min_s = 900, ntp_max_s = 1100;
    std::uint32_t snmp_period_s = 60;
    std::uint32_t syslog_min_s = 30, syslog_max_s = 180;
    std::uint32_t lldp_period_s = 30;  // IEEE 802.1AB msgTxInterval default
    std::uint32_t ra_min_s = 200, ra_max_s = 600;
    std::uint32_t ndp_min_s = 120, ndp_max_s = 600;
    std::uint32_t dhcp_window_s = 1800;        // lease 3600 s: renewals at T1 spread over it
    std::uint16_t dora_per_mille = 100;        // clients that boot (DORA) instead of renewing
};

struct SimStats {
    std::uint64_t tcp = 0, udp = 0, arp = 0, ndp = 0, dhcp = 0, lldp = 0;
    std::int64_t first_us = 0, last_us = 0;
};

class Simulator {
   public:
    Simulator(const Network& net, const SimConfig& config, std::uint64_t seed);
    SimStats run(PcapWriter& out, std::uint64_t frames);

   private:
    enum class Ev : std::uint8_t {
        arp_gw, arp_gw_reply, router_arp, router_arp_reply,
        ndp, ndp_reply, ra,
        dhcp_discover, dhcp_offer, dhcp_request, dhcp_ack,
        dns, dns_reply, ntp, ntp_reply, snmp, snmp_reply, syslog, lldp,
        dicom, hl7, intellivue,
    };
    struct Timer {
        std::int64_t t;
        std::uint64_t seq;
        Ev kind;
        std::uint32_t who;
        std::uint64_t arg;
        std::uint32_t arg2;
    };
    struct Later {
        bool operator()(const Timer& a, const Timer& b) const noexcept {
            return a.t != b.t ? a.t > b.t : a.seq > b.seq;
        }
    };
    enum class Kind : std::uint8_t { https, smb, dicom, hl7 };
    static constexpr std::uint32_t kExternal = 0xffffffffU;
    struct Session {
        bool active = false;
        Kind kind = Kind::https;
        std::uint32_t client = 0;
        std::uint32_t server = 0;  // kExternal: ext_ip beyond the router
        Ipv4 ext_ip = 0;
        std::uint16_t sport = 0, dport = 0;
        std::uint32_t cseq = 0, sseq = 0;
        std::uint8_t phase = 0;
        bool client_sending = true;
        bool at_client = true;  // observed on the client's VLAN (else the server's)
        std::uint32_t left = 0;
        std::uint8_t unacked = 0;
        std::uint16_t rounds = 0;
    };
    // A scripted TCP exchange of the medical traffic: one frame per step, each step a timer.
    struct Exchange {
        std::uint32_t client = 0;
        std::uint32_t server = 0;
        std::uint16_t sport = 0, dport = 0;
        std::uint32_t cseq = 0, sseq = 0;
        std::uint16_t step = 0;
        std::uint16_t message_id = 0;
        std::size_t modality = 0;  // DICOM: index into MedicalTraffic::modalities
    };
    struct Leg {
        Mac src, dst;
        std::uint16_t vlan;
        std::uint8_t ttl;
    };

    void schedule(std::int64_t t, Ev kind, std::uint32_t who, std::uint64_t arg = 0,
                  std::uint32_t arg2 = 0);
    void on_arp(const Timer& tm);
    void on_ndp(const Timer& tm);
    void on_dhcp(const Timer& tm);
    void on_udp_service(const Timer& tm);
    void on_lldp(const Timer& tm);
    // simulator_medical.cpp
    void schedule_medical(std::int64_t start);
    void on_medical(const Timer& tm);
    void dicom_step(Exchange& x, std::uint32_t index);
    void hl7_step(Exchange& x, std::uint32_t index);
    void intellivue(std::uint32_t monitor);
    // The frame's Ethernet/IP/TCP headers; returns where its payload starts.
    std::size_t exchange_header(const Exchange& x, bool from_client, std::uint8_t flags,
                                std::uint16_t mss);
    // Advances the sender's sequence number past the payload (and SYN/FIN) and writes it.
    void exchange_emit(Exchange& x, bool from_client, std::uint8_t flags, std::size_t payload_at);
    [[nodiscard]] std::string hl7_time() const;
    void handle(const Timer& tm);
    void bulk_step(std::int64_t now);
    [[nodiscard]] Kind slot_kind(std::size_t slot) const noexcept;
    void open_session(Session& s, Kind kind);
    void session_frame(Session& s, bool from_client, std::uint8_t flags, std::uint32_t len,
                       std::uint16_t mss);
    [[nodiscard]] std::uint32_t request_len(Kind k);
    [[nodiscard]] std::uint32_t response_len(Kind k);

    // Layer-2 view of an IP packet between two hosts (kExternal for `to_ext`).
    [[nodiscard]] Leg leg(std::uint32_t from, std::uint32_t to, bool seen_at_sender) const;
    [[nodiscard]] Ipv4 gateway_of(const Host& h) const;
    void udp_frame(std::uint32_t from, std::uint32_t to, std::uint16_t sport,
                   std::uint16_t dport, bool seen_at_sender);
    void emit(std::int64_t ts, std::uint64_t SimStats::*counter);
    std::uint16_t next_port(std::uint32_t host);
    std::uint16_t next_ip_id(std::uint32_t host);
    [[nodiscard]] std::uint32_t pick(const std::vector<std::uint32_t>& from);

    const Network& net_;
    SimConfig cfg_;
    Rng rng_;
    FrameBuilder b_;
    PcapWriter* out_ = nullptr;
    SimStats stats_;
    std::uint64_t seq_ = 0;
    std::int64_t now_ = 0;
    std::priority_queue<Timer, std::vector<Timer>, Later> timers_;
    std::vector<Session> sessions_;
    std::vector<Exchange> exchanges_;
    std::vector<std::uint16_t> ports_;
    std::vector<std::uint16_t> ip_ids_;
    std::vector<std::string> dns_names_;
    std::vector<Ipv4> dns_answers_;
    std::size_t dns_internal_ = 0;  // names [0, dns_internal_) are the hospital's own
    std::vector<int> switch_of_host_;
    std::vector<std::uint32_t> pcs_, phones_, modalities_, monitors_, analyzers_, rad_ws_,
        clients_;
};

}  // namespace daicho::capgen
