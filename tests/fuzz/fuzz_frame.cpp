// libFuzzer target: the whole FrameDecoder::decode path. Byte 0 picks the link type
// (fuzz_inputs.h), the rest is the frame; the frame is fed whole and, from a second byte
// choice, as a capture cut short of its wire length.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include "daicho/collectors/frame_decoder.h"
#include "fuzz_inputs.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace daicho::collectors;
    // Fresh per run (small TCP table): no flow state carries over between inputs.
    FrameDecoderConfig config;
    config.tcp.flows = 64;
    config.tcp.buffered_flows = 4;
    config.routed_copy_slots = 64;
    config.conversations.entries = 64;
    static auto sink = std::make_unique<ObservationSink>();
    if (size == 0) {
        return 0;
    }
    const auto all = std::as_bytes(std::span(data, size));
    Frame frame;
    frame.link = daicho::test::fuzz::link_for(data[0]);
    frame.bytes = all.subspan(1);
    for (const std::uint32_t extra : {0U, 100U}) {
        FrameDecoder decoder(config);
        frame.wire_len = static_cast<std::uint32_t>(frame.bytes.size()) + extra;
        PacketContext ctx;
        sink->clear();
        const auto r = decoder.decode(frame, ctx, *sink);
        if (r == DecodeResult::limited || sink->size() > ObservationSink::kMaxPerFrame) {
            __builtin_trap();  // the frame level never reports limited
        }
        for (const auto& o : sink->observations()) {
            if (o.source.empty()) {
                __builtin_trap();
            }
        }
    }
    return 0;
}
