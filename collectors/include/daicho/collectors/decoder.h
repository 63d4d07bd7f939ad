#pragma once
// The decoder contract (ARCHITECTURE.md "Decoder", STYLE.md §4.3): a pure function from a
// bounded byte view plus packet context to zero or more observations. No I/O, no globals,
// no exceptions, no allocation.

#include <cstdint>
#include <string_view>

#include "daicho/collectors/byte_reader.h"
#include "daicho/collectors/observation.h"
#include "daicho/collectors/packet_context.h"

namespace daicho::collectors {

using DecodeFn = DecodeResult (*)(ByteReader in, const PacketContext& ctx,
                                  ObservationSink& out) noexcept;
// A first-bytes probe for TCP protocols (Suricata's probe_ts/probe_tc).
using ProbeFn = bool (*)(ByteReader in) noexcept;

// Envoy-style fixed counter block, one per decoder (and per link/network layer).
struct DecoderCounters {
    std::uint64_t frames = 0;
    std::uint64_t decoded = 0;
    std::uint64_t not_mine = 0;
    std::uint64_t truncated = 0;
    std::uint64_t malformed = 0;
    std::uint64_t unsupported = 0;
    std::uint64_t limited = 0;
    std::uint64_t observations = 0;

    void count(DecodeResult r) noexcept {
        ++frames;
        switch (r) {
            case DecodeResult::decoded: ++decoded; break;
            case DecodeResult::not_mine: ++not_mine; break;
            case DecodeResult::truncated: ++truncated; break;
            case DecodeResult::malformed: ++malformed; break;
            case DecodeResult::unsupported: ++unsupported; break;
            case DecodeResult::limited: ++limited; break;
        }
    }
    [[nodiscard]] std::uint64_t errors() const noexcept { return truncated + malformed; }
    DecoderCounters& operator+=(const DecoderCounters& o) noexcept {
        frames += o.frames;
        decoded += o.decoded;
        not_mine += o.not_mine;
        truncated += o.truncated;
        malformed += o.malformed;
        unsupported += o.unsupported;
        limited += o.limited;
        observations += o.observations;
        return *this;
    }
};

struct NamedCounters {
    std::string_view name;
    DecoderCounters counters;
};

}  // namespace daicho::collectors
