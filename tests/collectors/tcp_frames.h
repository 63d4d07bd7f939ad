#pragma once
// Builds Ethernet/IPv4/TCP frames of one connection and feeds them, in order, through one
// FrameDecoder: for the TCP first-bytes table and the decoders that read TCP streams (tls,
// ssh, http). Checksums are left 0 (not verified by the walk).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "daicho/collectors/frame_decoder.h"
#include "decode_helpers.h"

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

// One FrameDecoder fed frame after frame; facts accumulate.
class TcpSession {
   public:
    explicit TcpSession(const collectors::FrameDecoderConfig& config = {})
        : decoder_(config), sink_(std::make_unique<collectors::ObservationSink>()) {}

    // Returns the facts of this frame. wire_extra > 0 makes the capture cut.
    std::vector<Fact> feed(std::span<const std::byte> bytes, std::uint32_t wire_extra = 0) {
        collectors::Frame frame;
        frame.bytes = bytes;
        frame.wire_len = static_cast<std::uint32_t>(bytes.size()) + wire_extra;
        frame.sensor = 3;
        frame.ts_us = 1'700'000'000'000'000 + static_cast<std::int64_t>(++frames_);
        frame.evidence = collectors::EvidenceRef{7, frames_, 0};
        collectors::PacketContext ctx;
        sink_->clear();
        decoder_.decode(frame, ctx, *sink_);
        std::vector<Fact> now;
        for (const auto& o : sink_->observations()) {
            now.push_back(Fact{o.subject, o.kind, std::string(o.value), std::string(o.source),
                               o.evidence});
        }
        facts_.insert(facts_.end(), now.begin(), now.end());
        return now;
    }
    std::vector<Fact> feed(const TcpEnds& e, std::uint8_t flags, std::uint32_t seq,
                           std::string_view payload = {}) {
        const auto bytes = tcp_frame(e, flags, seq, payload);
        return feed(bytes);
    }

    [[nodiscard]] const std::vector<Fact>& facts() const { return facts_; }
    [[nodiscard]] const collectors::TcpFlowCounters& flows() const {
        return decoder_.tcp_flow_counters();
    }
    [[nodiscard]] collectors::DecoderCounters counter(std::string_view name) const {
        for (const auto& c : decoder_.counters()) {
            if (c.name == name) {
                return c.counters;
            }
        }
        return {};
    }
    [[nodiscard]] std::vector<std::string> values(collectors::FactKind kind) const {
        std::vector<std::string> out;
        for (const auto& f : facts_) {
            if (f.kind == kind) {
                out.push_back(f.value);
            }
        }
        return out;
    }

   private:
    collectors::FrameDecoder decoder_;
    std::unique_ptr<collectors::ObservationSink> sink_;
    std::vector<Fact> facts_;
    std::uint64_t frames_ = 0;
};

}  // namespace daicho::test
