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
#include "tcp_frame_bytes.h"

namespace daicho::test {

// One FrameDecoder fed frame after frame; facts accumulate.
class TcpSession {
   public:
    explicit TcpSession(const collectors::FrameDecoderConfig& config = test_decoder_config())
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
            now.push_back(
                Fact{o.subject, o.kind, std::string(o.value), std::string(o.source), o.evidence});
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
