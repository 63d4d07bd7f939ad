#pragma once
// The application-decoder table (registry.cpp) as the dispatcher in frame_decoder.cpp reads
// it. Private to daicho_collectors.

#include <cstdint>
#include <span>
#include <string_view>

#include "daicho/collectors/decoder.h"

namespace daicho::collectors::registry {

enum class MatchKind : std::uint8_t {
    ethertype,  // EtherType in [lo, hi], after VLAN tags (and after SNAP with OUI 000000)
    llc_snap,   // 802.2 SNAP with `oui` and PID in [lo, hi]
    ip_proto,   // IPv4 protocol / IPv6 final next header in [lo, hi] (not TCP or UDP)
    udp_port,   // UDP source or destination port in [lo, hi]
    tcp_probe,  // TCP segment with data for which `probe` says yes
    udp_probe,  // UDP datagram no udp_port row claimed, for which `probe` says yes
};

struct Match {
    MatchKind kind = MatchKind::ethertype;
    std::uint32_t oui = 0;
    std::uint16_t lo = 0;
    std::uint16_t hi = 0;

    [[nodiscard]] constexpr bool covers(std::uint16_t v) const noexcept {
        return lo <= v && v <= hi;
    }
};

[[nodiscard]] constexpr Match on_ethertype(std::uint16_t type) noexcept {
    return {MatchKind::ethertype, 0, type, type};
}
[[nodiscard]] constexpr Match on_snap(std::uint32_t oui, std::uint16_t pid) noexcept {
    return {MatchKind::llc_snap, oui, pid, pid};
}
[[nodiscard]] constexpr Match on_ip_proto(std::uint8_t proto) noexcept {
    return {MatchKind::ip_proto, 0, proto, proto};
}
[[nodiscard]] constexpr Match on_udp_ports(std::uint16_t lo, std::uint16_t hi) noexcept {
    return {MatchKind::udp_port, 0, lo, hi};
}
[[nodiscard]] constexpr Match on_tcp_probe() noexcept { return {MatchKind::tcp_probe, 0, 0, 0}; }
[[nodiscard]] constexpr Match on_udp_probe() noexcept { return {MatchKind::udp_probe, 0, 0, 0}; }

struct DecoderRow {
    std::string_view name;  // config name, counter name, Observation::source
    Match match;
    DecodeFn decode = nullptr;
    ProbeFn probe = nullptr;  // tcp_probe and udp_probe rows only
};

// The table, in dispatch order: for one payload, rows are tried in order and the first
// result other than not_mine ends the dispatch.
[[nodiscard]] std::span<const DecoderRow> rows() noexcept;

}  // namespace daicho::collectors::registry
