// libFuzzer target for one application decoder, compiled once per registry name
// (DAICHO_FUZZ_TARGET): the input is that decoder's bytes, wrapped by fuzz_inputs.h into the
// frame FrameDecoder walks to it, so the decoder sees exactly the context the walk builds.
// Each input runs whole and as a capture cut by snaplen.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "daicho/collectors/frame_decoder.h"
#include "fuzz_inputs.h"

#ifndef DAICHO_FUZZ_TARGET
#error "DAICHO_FUZZ_TARGET names the registry row this target fuzzes"
#endif

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace daicho::collectors;
    // A fresh decoder with a small TCP table per run: no state leaks from one input to the
    // next, so every crash reproduces from its input alone.
    FrameDecoderConfig config;
    config.tcp.flows = 64;
    config.tcp.buffered_flows = 4;
    config.routed_copy_slots = 64;
    config.conversations.entries = 64;
    static auto sink = std::make_unique<ObservationSink>();
    daicho::collectors::LinkType link{};
    const auto bytes =
        daicho::test::fuzz::frame_for(DAICHO_FUZZ_TARGET, std::as_bytes(std::span(data, size)), link);
    for (const std::uint32_t extra : {0U, 64U}) {
        FrameDecoder decoder(config);
        Frame frame;
        frame.link = link;
        frame.bytes = bytes;
        frame.wire_len = static_cast<std::uint32_t>(bytes.size()) + extra;
        PacketContext ctx;
        sink->clear();
        decoder.decode(frame, ctx, *sink);
        if (sink->size() > ObservationSink::kMaxPerFrame) {
            __builtin_trap();
        }
    }
    return 0;
}
