#pragma once
// Application payloads the generator writes after a FrameBuilder's UDP header (or, for LLDP,
// after the Ethernet header). Each appends one well-formed message. No payload carries
// patient data: bulk TCP uses FrameBuilder::pattern().

#include <cstdint>
#include <span>
#include <string_view>

#include "frame_builder.h"

namespace daicho::capgen {

// DHCP (RFC 2131 §2 BOOTP layout + magic cookie; options RFC 2132).
enum class DhcpType : std::uint8_t { discover = 1, offer = 2, request = 3, ack = 5 };
struct DhcpMessage {
    DhcpType type = DhcpType::discover;
    std::uint32_t xid = 0;
    std::uint16_t secs = 0;
    bool broadcast = false;
    Ipv4 ciaddr = 0;
    Ipv4 yiaddr = 0;
    Ipv4 giaddr = 0;
    Mac chaddr;
    // Client options (empty / 0 = left out).
    Ipv4 requested_ip = 0;                     // 50
    std::string_view hostname;                 // 12
    std::string_view vendor_class;             // 60
    std::span<const std::uint8_t> prl;         // 55
    // Server options.
    Ipv4 server_id = 0;                        // 54
    Ipv4 subnet_mask = 0;                      // 1
    Ipv4 router = 0;                           // 3
    Ipv4 dns = 0;                              // 6
    std::string_view domain;                   // 15
    std::uint32_t lease_s = 0;                 // 51, 58 = lease/2, 59 = lease*7/8
};
void dhcp(FrameBuilder& b, const DhcpMessage& m) noexcept;

// LLDPDU (IEEE 802.1AB-2016 clause 8.5): chassis ID (MAC), port ID (interface name), TTL,
// port description, system name, system description, capabilities, management address.
struct LldpInfo {
    Mac chassis;
    std::string_view port_id;
    std::string_view port_description;
    std::string_view system_name;
    std::string_view system_description;
    std::uint16_t capabilities = 0x0014;  // bridge + router
    Ipv4 management = 0;
    std::uint16_t ttl_s = 120;
};
inline constexpr Mac kLldpMulticast{{0x01, 0x80, 0xc2, 0x00, 0x00, 0x0e}};
void lldp(FrameBuilder& b, const LldpInfo& info) noexcept;

// DNS (RFC 1035 §4.1): one A question; the response adds one A answer (or NXDOMAIN if 0).
void dns_query(FrameBuilder& b, std::uint16_t id, std::string_view name) noexcept;
void dns_response(FrameBuilder& b, std::uint16_t id, std::string_view name, Ipv4 answer) noexcept;

// NTPv4 (RFC 5905 §7.3), mode 3 client or mode 4 server.
void ntp_client(FrameBuilder& b, std::int64_t now_us) noexcept;
void ntp_server(FrameBuilder& b, std::int64_t client_tx_us, std::int64_t now_us,
                Ipv4 reference) noexcept;

// Civil date from days since 1970-01-01 (H. Hinnant's days_from_civil inverse), for the
// timestamps payloads write as text.
struct Civil {
    int year;
    int month;
    int day;
};
[[nodiscard]] Civil civil_from_days(std::int64_t days) noexcept;

// BSD syslog (RFC 3164 §4.1): "<PRI>Mmm dd hh:mm:ss host msg".
void syslog(FrameBuilder& b, std::uint8_t pri, std::int64_t now_us, std::string_view host,
            std::string_view msg) noexcept;

// SNMPv2c (RFC 3416) GetRequest / Response for sysDescr.0 (1.3.6.1.2.1.1.1.0).
void snmp_get_sysdescr(FrameBuilder& b, std::string_view community,
                       std::uint32_t request_id) noexcept;
void snmp_response_sysdescr(FrameBuilder& b, std::string_view community,
                            std::uint32_t request_id, std::string_view sys_descr) noexcept;

}  // namespace daicho::capgen
