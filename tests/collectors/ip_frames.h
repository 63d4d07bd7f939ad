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
    const FrameBytes w{f};
    const std::size_t l4 = proto == 17 ? 8 : 0;
    put_eth_ipv4(w, e, proto, l4 + payload.size(), ttl, ip_id);
    if (proto == 17) {
        w.put16(e.src_port);
        w.put16(e.dst_port);
        w.put16(static_cast<unsigned>(8 + payload.size()));
        w.put16(0);
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
