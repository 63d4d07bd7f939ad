#pragma once
// Ethernet/IPv4 frames with a UDP header or a bare IP payload (ESP, GRE), for the connection
// point tests: the same ends as tcp_frame_bytes.h. Checksums are left 0 (not verified).

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "tcp_frame_bytes.h"

namespace daicho::test {

// `proto` 17 puts a UDP header (the ends' ports) before the payload; any other protocol
// carries the payload right after the IP header.
inline std::vector<std::byte> ip_frame(const TcpEnds& e, std::uint8_t proto,
                                       std::span<const std::byte> payload,
                                       std::uint8_t ttl = 64, std::uint16_t ip_id = 1) {
    std::vector<std::byte> f;
    const auto put8 = [&f](unsigned v) { f.push_back(static_cast<std::byte>(v & 0xFFU)); };
    const auto put16 = [&put8](unsigned v) {
        put8(v >> 8U);
        put8(v);
    };
    const std::size_t l4 = proto == 17 ? 8 : 0;
    for (auto b : e.dst_mac) {
        put8(b);
    }
    for (auto b : e.src_mac) {
        put8(b);
    }
    put16(0x0800);
    put16(0x4500);
    put16(static_cast<unsigned>(20 + l4 + payload.size()));
    put16(ip_id);
    put16(0x4000);
    put8(ttl);
    put8(proto);
    put16(0);
    for (auto b : e.src_ip) {
        put8(b);
    }
    for (auto b : e.dst_ip) {
        put8(b);
    }
    if (proto == 17) {
        put16(e.src_port);
        put16(e.dst_port);
        put16(static_cast<unsigned>(8 + payload.size()));
        put16(0);
    }
    f.insert(f.end(), payload.begin(), payload.end());
    return f;
}

inline std::vector<std::byte> udp_frame(const TcpEnds& e, std::span<const std::byte> payload) {
    return ip_frame(e, 17, payload);
}

inline std::vector<std::byte> udp_frame(const TcpEnds& e, std::string_view payload) {
    return udp_frame(e, std::as_bytes(std::span(payload.data(), payload.size())));
}

}  // namespace daicho::test
