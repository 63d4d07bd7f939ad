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

inline std::vector<std::byte> tcp_frame(const TcpEnds& e, std::uint8_t flags, std::uint32_t seq,
                                        std::span<const std::byte> payload) {
    std::vector<std::byte> f;
    const auto put8 = [&f](unsigned v) { f.push_back(static_cast<std::byte>(v & 0xFFU)); };
    const auto put16 = [&put8](unsigned v) {
        put8(v >> 8U);
        put8(v);
    };
    const auto put32 = [&put16](std::uint32_t v) {
        put16(v >> 16U);
        put16(v & 0xFFFFU);
    };
    for (auto b : e.dst_mac) {
        put8(b);
    }
    for (auto b : e.src_mac) {
        put8(b);
    }
    put16(0x0800);
    put16(0x4500);
    put16(static_cast<unsigned>(40 + payload.size()));
    put16(0);
    put16(0x4000);
    put8(64);
    put8(6);
    put16(0);
    for (auto b : e.src_ip) {
        put8(b);
    }
    for (auto b : e.dst_ip) {
        put8(b);
    }
    put16(e.src_port);
    put16(e.dst_port);
    put32(seq);
    put32(0);
    put8(0x50);
    put8(flags);
    put16(0xffff);
    put16(0);
    put16(0);
    f.insert(f.end(), payload.begin(), payload.end());
    return f;
}

inline std::vector<std::byte> tcp_frame(const TcpEnds& e, std::uint8_t flags, std::uint32_t seq,
                                        std::string_view payload = {}) {
    return tcp_frame(e, flags, seq, std::as_bytes(std::span(payload.data(), payload.size())));
}

}  // namespace daicho::test
