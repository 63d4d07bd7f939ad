#pragma once
// Ethernet/IPv4/TCP frame bytes of one connection, for tests that need TCP streams in a
// capture or through a FrameDecoder. Checksums are left 0 (daicho does not verify them).

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

namespace daicho::test {

inline constexpr std::uint8_t kFin = 0x01;
inline constexpr std::uint8_t kSyn = 0x02;
inline constexpr std::uint8_t kRst = 0x04;
inline constexpr std::uint8_t kPshAck = 0x18;
inline constexpr std::uint8_t kAck = 0x10;

struct TcpEnds {
    std::array<std::uint8_t, 6> src_mac{0x00, 0x11, 0x22, 0x33, 0x44, 0x55};
    std::array<std::uint8_t, 6> dst_mac{0x00, 0xaa, 0xbb, 0xcc, 0xdd, 0xee};
    std::array<std::uint8_t, 4> src_ip{192, 168, 1, 10};
    std::array<std::uint8_t, 4> dst_ip{192, 168, 1, 1};
    std::uint16_t src_port = 49152;
    std::uint16_t dst_port = 80;

    [[nodiscard]] TcpEnds reversed() const {
        TcpEnds r = *this;
        std::swap(r.src_mac, r.dst_mac);
        std::swap(r.src_ip, r.dst_ip);
        std::swap(r.src_port, r.dst_port);
        return r;
    }
};

// Appends big-endian fields to a frame under construction.
struct FrameBytes {
    std::vector<std::byte>& f;
    void put8(unsigned v) const { f.push_back(static_cast<std::byte>(v & 0xFFU)); }
    void put16(unsigned v) const {
        put8(v >> 8U);
        put8(v);
    }
    void put32(std::uint32_t v) const {
        put16(v >> 16U);
        put16(v & 0xFFFFU);
    }
};

// Ethernet (the ends' MACs) and an IPv4 header (DF set, checksum 0) for `l4_bytes` of
// transport header and payload.
inline void put_eth_ipv4(const FrameBytes& w, const TcpEnds& e, std::uint8_t proto,
                         std::size_t l4_bytes, std::uint8_t ttl = 64, std::uint16_t ip_id = 0) {
    for (auto b : e.dst_mac) {
        w.put8(b);
    }
    for (auto b : e.src_mac) {
        w.put8(b);
    }
    w.put16(0x0800);
    w.put16(0x4500);
    w.put16(static_cast<unsigned>(20 + l4_bytes));
    w.put16(ip_id);
    w.put16(0x4000);
    w.put8(ttl);
    w.put8(proto);
    w.put16(0);
    for (auto b : e.src_ip) {
        w.put8(b);
    }
    for (auto b : e.dst_ip) {
        w.put8(b);
    }
}

inline std::vector<std::byte> tcp_frame(const TcpEnds& e, std::uint8_t flags, std::uint32_t seq,
                                        std::span<const std::byte> payload) {
    std::vector<std::byte> f;
    const FrameBytes w{f};
    put_eth_ipv4(w, e, 6, 20 + payload.size());
    w.put16(e.src_port);
    w.put16(e.dst_port);
    w.put32(seq);
    w.put32(0);
    w.put8(0x50);
    w.put8(flags);
    w.put16(0xffff);
    w.put16(0);
    w.put16(0);
    f.insert(f.end(), payload.begin(), payload.end());
    return f;
}

inline std::vector<std::byte> tcp_frame(const TcpEnds& e, std::uint8_t flags, std::uint32_t seq,
                                        std::string_view payload = {}) {
    return tcp_frame(e, flags, seq, std::as_bytes(std::span(payload.data(), payload.size())));
}

}  // namespace daicho::test
