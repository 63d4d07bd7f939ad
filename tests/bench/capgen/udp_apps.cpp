// Small UDP application messages for the capture generator: DNS (RFC 1035 §4.1), NTPv4
// (RFC 5905 §7.3), BSD syslog (RFC 3164 §4.1) and SNMPv2c GetRequest/Response (RFC 3416
// §3, BER per X.690 §8.1 with minimal lengths).

#include <array>
#include <cstdio>

#include "app_payloads.h"

namespace daicho::capgen {

namespace {

void dns_name(FrameBuilder& b, std::string_view name) noexcept {
    while (!name.empty()) {
        const auto dot = name.find('.');
        const auto label = name.substr(0, dot);
        b.u8(static_cast<std::uint8_t>(label.size()));
        b.text(label);
        name = dot == std::string_view::npos ? std::string_view{} : name.substr(dot + 1);
    }
    b.u8(0);
}

// NTP timestamp (RFC 5905 §6): seconds since 1900 and a 32-bit binary fraction.
void ntp_timestamp(FrameBuilder& b, std::int64_t us) noexcept {
    constexpr std::uint64_t kUnixToNtp = 2208988800ULL;
    const auto u = static_cast<std::uint64_t>(us);
    b.be32(static_cast<std::uint32_t>(u / 1000000U + kUnixToNtp));
    b.be32(static_cast<std::uint32_t>(((u % 1000000U) << 32U) / 1000000U));
}

// BER TLV with a length patched on close (X.690 §8.1.3: short form below 128).
std::size_t ber_open(FrameBuilder& b, std::uint8_t tag) noexcept {
    const std::size_t at = b.size();
    b.u8(tag);
    b.u8(0x81);
    b.u8(0);
    return at;
}
void ber_close(FrameBuilder& b, std::size_t at) noexcept {
    const std::size_t len = b.size() - (at + 3);
    if (len < 128) {
        b.patch_u8(at + 1, static_cast<std::uint8_t>(len));
        b.close_gap(at + 2, at + 3);
    } else {
        b.patch_u8(at + 2, static_cast<std::uint8_t>(len));  // messages here stay < 256
    }
}
void ber_int(FrameBuilder& b, std::uint32_t v) noexcept {
    std::array<std::uint8_t, 5> out{};
    std::size_t n = 0;
    std::array<std::uint8_t, 4> be{static_cast<std::uint8_t>(v >> 24U),
                                   static_cast<std::uint8_t>(v >> 16U),
                                   static_cast<std::uint8_t>(v >> 8U),
                                   static_cast<std::uint8_t>(v)};
    std::size_t first = 0;
    while (first < 3 && be[first] == 0 && (be[first + 1] & 0x80U) == 0) {
        ++first;
    }
    if ((be[first] & 0x80U) != 0) {
        out[n++] = 0;  // keep it positive
    }
    for (std::size_t i = first; i < 4; ++i) {
        out[n++] = be[i];
    }
    b.u8(0x02);
    b.u8(static_cast<std::uint8_t>(n));
    b.bytes(std::span<const std::uint8_t>(out).first(n));
}
void ber_octets(FrameBuilder& b, std::string_view s) noexcept {
    const auto at = ber_open(b, 0x04);
    b.text(s.substr(0, 200));
    ber_close(b, at);
}
constexpr std::array<std::uint8_t, 10> kSysDescrOid{0x06, 0x08, 0x2b, 0x06, 0x01, 0x02,
                                                    0x01, 0x01, 0x01, 0x00};

void snmp_message(FrameBuilder& b, std::string_view community, std::uint8_t pdu_tag,
                  std::uint32_t request_id, std::string_view value) noexcept {
    const auto msg = ber_open(b, 0x30);
    ber_int(b, 1);  // version: v2c
    ber_octets(b, community);
    const auto pdu = ber_open(b, pdu_tag);
    ber_int(b, request_id);
    ber_int(b, 0);  // error-status
    ber_int(b, 0);  // error-index
    const auto list = ber_open(b, 0x30);
    const auto bind = ber_open(b, 0x30);
    b.bytes(kSysDescrOid);
    if (pdu_tag == 0xa0) {
        b.u8(0x05);  // NULL
        b.u8(0x00);
    } else {
        ber_octets(b, value);
    }
    ber_close(b, bind);
    ber_close(b, list);
    ber_close(b, pdu);
    ber_close(b, msg);
}

}  // namespace

Civil civil_from_days(std::int64_t z) noexcept {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const auto d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    const auto m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    const auto y = static_cast<int>(yoe + era * 400 + (m <= 2 ? 1 : 0));
    return Civil{y, m, d};
}

void dns_query(FrameBuilder& b, std::uint16_t id, std::string_view name) noexcept {
    b.be16(id);
    b.be16(0x0100);  // standard query, RD
    b.be16(1);
    b.be16(0);
    b.be16(0);
    b.be16(0);
    dns_name(b, name);
    b.be16(1);  // A
    b.be16(1);  // IN
}

void dns_response(FrameBuilder& b, std::uint16_t id, std::string_view name,
                  Ipv4 answer) noexcept {
    b.be16(id);
    b.be16(answer != 0 ? 0x8580 : 0x8583);  // QR AA RD RA, rcode 0 or 3 (NXDOMAIN)
    b.be16(1);
    b.be16(answer != 0 ? 1 : 0);
    b.be16(0);
    b.be16(0);
    dns_name(b, name);
    b.be16(1);
    b.be16(1);
    if (answer != 0) {
        b.be16(0xc00c);  // name: pointer to the question
        b.be16(1);
        b.be16(1);
        b.be32(300);  // TTL
        b.be16(4);
        b.ip4(answer);
    }
}

void ntp_client(FrameBuilder& b, std::int64_t now_us) noexcept {
    b.u8(0x23);  // LI 0, VN 4, mode 3
    b.u8(0);     // stratum
    b.u8(10);    // poll 2^10 s
    b.u8(0xe9);  // precision 2^-23
    b.be32(0);   // root delay
    b.be32(0);   // root dispersion
    b.be32(0);   // reference id
    b.be64(0);   // reference timestamp
    b.be64(0);   // origin
    b.be64(0);   // receive
    ntp_timestamp(b, now_us);
}

void ntp_server(FrameBuilder& b, std::int64_t client_tx_us, std::int64_t now_us,
                Ipv4 reference) noexcept {
    b.u8(0x24);  // LI 0, VN 4, mode 4
    b.u8(2);     // stratum 2
    b.u8(10);
    b.u8(0xe9);
    b.be32(0x00000120);  // root delay
    b.be32(0x00000340);  // root dispersion
    b.ip4(reference);    // stratum >= 2: the upstream server's address
    ntp_timestamp(b, now_us - 64000000);
    ntp_timestamp(b, client_tx_us);
    ntp_timestamp(b, now_us - 40);
    ntp_timestamp(b, now_us);
}

void syslog(FrameBuilder& b, std::uint8_t pri, std::int64_t now_us, std::string_view host,
            std::string_view msg) noexcept {
    static constexpr std::array<const char*, 12> kMonths{"Jan", "Feb", "Mar", "Apr",
                                                         "May", "Jun", "Jul", "Aug",
                                                         "Sep", "Oct", "Nov", "Dec"};
    const std::int64_t secs = now_us / 1000000;
    const Civil c = civil_from_days(secs / 86400);
    const std::int64_t sod = secs % 86400;
    std::array<char, 48> head{};
    const int n = std::snprintf(head.data(), head.size(), "<%u>%s %2d %02d:%02d:%02d ",
                                static_cast<unsigned>(pri),
                                kMonths[static_cast<std::size_t>(c.month - 1)], c.day,
                                static_cast<int>(sod / 3600), static_cast<int>(sod / 60 % 60),
                                static_cast<int>(sod % 60));
    b.text(std::string_view(head.data(), n > 0 ? static_cast<std::size_t>(n) : 0));
    b.text(host);
    b.u8(' ');
    b.text(msg);
}

void snmp_get_sysdescr(FrameBuilder& b, std::string_view community,
                       std::uint32_t request_id) noexcept {
    snmp_message(b, community, 0xa0, request_id, {});
}

void snmp_response_sysdescr(FrameBuilder& b, std::string_view community,
                            std::uint32_t request_id, std::string_view sys_descr) noexcept {
    snmp_message(b, community, 0xa2, request_id, sys_descr);
}

}  // namespace daicho::capgen
