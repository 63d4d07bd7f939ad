// FrameDecoder: registry names, config validation, counter blocks, context reset.

#include <catch2/catch.hpp>

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <string>

#include "decode_helpers.h"
#include "all_fixtures.h"

using daicho::collectors::DecodeResult;
using daicho::collectors::FrameDecoder;
using daicho::collectors::FrameDecoderConfig;
using daicho::collectors::LinkType;
using namespace daicho::test;

TEST_CASE("The registry names its decoders in table order", "[collectors][registry]") {
    const auto names = daicho::collectors::decoder_names();
    REQUIRE(names.size() >= 2);
    CHECK(std::find(names.begin(), names.end(), "arp") != names.end());
    CHECK(std::find(names.begin(), names.end(), "ndp") != names.end());
}

TEST_CASE("Counters: one block per layer and per decoder, fixed at construction",
          "[collectors][registry]") {
    FrameDecoder decoder;
    const auto blocks = decoder.counters();
    for (const char* layer : {"ethernet", "vlan", "llc", "sll", "loopback", "raw_ip", "ipv4",
                              "ipv6", "udp", "tcp", "arp", "ndp"}) {
        INFO(layer);
        CHECK(std::count_if(blocks.begin(), blocks.end(),
                            [&](const auto& b) { return b.name == layer; }) == 1);
    }
    const auto* before = blocks.data();
    const auto bytes = hex(fixtures::kArpRequest);
    daicho::collectors::Frame frame;
    frame.bytes = bytes;
    frame.wire_len = static_cast<std::uint32_t>(bytes.size());
    daicho::collectors::PacketContext ctx;
    auto sink = std::make_unique<daicho::collectors::ObservationSink>();
    for (int i = 0; i < 3; ++i) {
        CHECK(decoder.decode(frame, ctx, *sink) == DecodeResult::decoded);
    }
    CHECK(decoder.counters().data() == before);  // no reallocation in decode()
    CHECK(sink->size() == 3);                    // the decoder appends; the caller clears
    const auto arp = std::find_if(blocks.begin(), blocks.end(),
                                  [](const auto& b) { return b.name == "arp"; });
    CHECK(arp->counters.decoded == 3);
    CHECK(arp->counters.observations == 3);
    CHECK(decoder.decode_errors() == 0);
}

TEST_CASE("Unknown names in disabled_decoders throw with the name", "[collectors][registry]") {
    FrameDecoderConfig config;
    config.disabled_decoders = {"ndp", "dhcpp"};
    try {
        FrameDecoder decoder(config);
        FAIL("no exception");
    } catch (const std::invalid_argument& e) {
        CHECK(std::string(e.what()).find("dhcpp") != std::string::npos);
    }
    config.disabled_decoders = {"ndp"};
    CHECK_NOTHROW(FrameDecoder(config));
}

TEST_CASE("Disabling NDP leaves ARP running", "[collectors][registry]") {
    FrameDecoderConfig config;
    config.disabled_decoders = {"ndp"};
    CHECK(decode_hex(fixtures::kNdpNs, LinkType::ethernet, config).facts.empty());
    CHECK(decode_hex(fixtures::kArpRequest, LinkType::ethernet, config).facts.size() == 1);
}

TEST_CASE("decode() resets the context between frames", "[collectors][registry]") {
    FrameDecoder decoder;
    auto sink = std::make_unique<daicho::collectors::ObservationSink>();
    daicho::collectors::PacketContext ctx;
    const auto tcp = hex(fixtures::kIpv4TcpSyn);
    const auto arp = hex(fixtures::kArpQinq);
    daicho::collectors::Frame frame;
    frame.bytes = tcp;
    frame.wire_len = static_cast<std::uint32_t>(tcp.size());
    decoder.decode(frame, ctx, *sink);
    CHECK(ctx.dst_port == 443);
    frame.bytes = arp;
    frame.wire_len = 1000;
    frame.sensor = 9;
    frame.evidence.frame_no = 2;
    frame.evidence.ts_us = 5;
    frame.ts_us = 77;
    decoder.decode(frame, ctx, *sink);
    CHECK(ctx.dst_port == 0);
    CHECK(ctx.src_ip.empty());
    CHECK(ctx.tcp_flags == 0);
    CHECK(ctx.transport == daicho::collectors::Transport::none);
    CHECK(ctx.vlan == 20);
    CHECK(ctx.sensor == 9);
    CHECK(ctx.evidence.frame_no == 2);
    CHECK(ctx.evidence.ts_us == 5);  // the source's evidence wins over frame.ts_us
    CHECK(ctx.capture_cut);
}

TEST_CASE("decode_errors() sums truncated and malformed over every block",
          "[collectors][registry]") {
    FrameDecoder decoder;
    auto sink = std::make_unique<daicho::collectors::ObservationSink>();
    daicho::collectors::PacketContext ctx;
    const auto short_frame = hex("00 11 22");
    const auto bad_arp = hex("ff ff ff ff ff ff 00 11 22 33 44 55 08 06 00 01 08 00 07 04 00 01");
    daicho::collectors::Frame frame;
    frame.bytes = short_frame;
    frame.wire_len = 3;
    CHECK(decoder.decode(frame, ctx, *sink) == DecodeResult::malformed);
    frame.wire_len = 64;
    CHECK(decoder.decode(frame, ctx, *sink) == DecodeResult::truncated);
    frame.bytes = bad_arp;
    frame.wire_len = static_cast<std::uint32_t>(bad_arp.size());
    CHECK(decoder.decode(frame, ctx, *sink) == DecodeResult::decoded);
    CHECK(decoder.decode_errors() == 3);
}

TEST_CASE("Every fixture decodes as expected at full length", "[collectors][registry]") {
    for (const auto& f : fixtures::all_frames()) {
        INFO(f.name);
        const auto d = decode_hex(f.hex, f.link);
        CHECK(d.result == DecodeResult::decoded);
        CHECK(d.decode_errors == 0);
    }
}
