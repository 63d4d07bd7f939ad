#pragma once
// Runs bytes through FrameDecoder and keeps what a test asserts on: the result, the
// PacketContext, owned copies of the observations and the counters.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "daicho/collectors/frame_decoder.h"
#include "hex.h"

namespace daicho::test {

// The decoder a test builds for a frame or one conversation: a handful of flows instead of
// the service's 65,536 (the per-flow byte budget stays the real one). Tests build thousands
// of decoders, and under ASan each full-size table (12 MiB) is poisoned and freed every
// time: that alone made the collectors tests take a quarter of an hour there. Tests of the
// table's own limits pass their own config.
inline collectors::FrameDecoderConfig test_decoder_config() {
    collectors::FrameDecoderConfig config;
    config.tcp.flows = 64;
    config.tcp.buffered_flows = 8;
    config.routed_copy_slots = 64;
    config.conversations.entries = 64;
    return config;
}

struct Fact {
    collectors::Subject subject;
    collectors::FactKind kind = collectors::FactKind::other;
    std::string value;
    std::string source;
    collectors::EvidenceRef evidence;

    [[nodiscard]] bool same_fact(const Fact& o) const {
        return subject.mac == o.subject.mac && subject.ip == o.subject.ip &&
               subject.vlan == o.subject.vlan && subject.outer_vlan == o.subject.outer_vlan &&
               subject.sensor == o.subject.sensor && subject.has_mac == o.subject.has_mac &&
               kind == o.kind && value == o.value && source == o.source;
    }
};

// An owned copy of ObservationSink::recognition().
struct Recognised {
    collectors::ServiceClass service_class = collectors::ServiceClass::none;
    std::string protocol;
    std::string product;
    std::string version;
};

struct Decoded {
    collectors::DecodeResult result = collectors::DecodeResult::not_mine;
    Recognised recognised;
    std::vector<collectors::Conversation> conversations;
    collectors::PacketContext ctx;
    std::vector<Fact> facts;
    std::vector<collectors::NamedCounters> counters;
    std::uint64_t decode_errors = 0;

    [[nodiscard]] collectors::DecoderCounters counter(std::string_view name) const {
        for (const auto& c : counters) {
            if (c.name == name) {
                return c.counters;
            }
        }
        return {};
    }
};

// wire_len: the frame's length on the wire; defaults to the captured length (no cut).
inline Decoded decode_bytes(std::span<const std::byte> bytes,
                            collectors::LinkType link = collectors::LinkType::ethernet,
                            std::optional<std::uint32_t> wire_len = std::nullopt,
                            const collectors::FrameDecoderConfig& config = test_decoder_config()) {
    collectors::FrameDecoder decoder(config);
    collectors::Frame frame;
    frame.link = link;
    frame.bytes = bytes;
    frame.wire_len = wire_len.value_or(static_cast<std::uint32_t>(bytes.size()));
    frame.sensor = 3;
    frame.ts_us = 1'700'000'000'000'000;
    frame.evidence = collectors::EvidenceRef{7, 42, 0};
    auto sink = std::make_unique<collectors::ObservationSink>();
    Decoded d;
    d.result = decoder.decode(frame, d.ctx, *sink);
    for (const auto& o : sink->observations()) {
        d.facts.push_back(Fact{o.subject, o.kind, std::string(o.value), std::string(o.source),
                               o.evidence});
    }
    const auto& r = sink->recognition();
    d.recognised = Recognised{r.service_class, std::string(r.protocol), std::string(r.product),
                              std::string(r.version)};
    decoder.conversations(d.conversations);
    d.counters.assign(decoder.counters().begin(), decoder.counters().end());
    d.decode_errors = decoder.decode_errors();
    return d;
}

// The values of the facts of one kind, in order.
inline std::vector<std::string> fact_values(const Decoded& d, collectors::FactKind kind) {
    std::vector<std::string> out;
    for (const auto& f : d.facts) {
        if (f.kind == kind) {
            out.push_back(f.value);
        }
    }
    return out;
}

inline Decoded decode_hex(std::string_view text,
                          collectors::LinkType link = collectors::LinkType::ethernet,
                          const collectors::FrameDecoderConfig& config = test_decoder_config()) {
    const auto bytes = hex(text);
    return decode_bytes(bytes, link, std::nullopt, config);
}

inline collectors::MacAddress mac(std::string_view text) {
    auto m = collectors::MacAddress::parse(text);
    if (!m) {
        throw std::invalid_argument("bad MAC in test: " + std::string(text));
    }
    return *m;
}
inline collectors::IpAddress ip(std::string_view text) {
    auto a = collectors::IpAddress::parse(text);
    if (!a) {
        throw std::invalid_argument("bad IP in test: " + std::string(text));
    }
    return *a;
}

}  // namespace daicho::test
