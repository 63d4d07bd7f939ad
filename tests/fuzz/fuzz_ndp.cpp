// libFuzzer target: the NDP decoder alone, with an ICMPv6 context from fe80::1, hop limit 255.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include "fuzz_inputs.h"
#include "proto/ndp/ndp.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace daicho::collectors;
    static const PacketContext ctx = daicho::test::fuzz::ndp_context();
    static auto sink = std::make_unique<ObservationSink>();
    const auto bytes = std::as_bytes(std::span(data, size));
    for (const bool cut : {false, true}) {
        sink->clear();
        const auto r = ndp::decode(ByteReader(bytes, cut), ctx, *sink);
        if (sink->size() > 2) {
            __builtin_trap();  // one binding plus one role at most
        }
        if (r != DecodeResult::decoded && r != DecodeResult::limited && sink->size() != 0) {
            __builtin_trap();  // facts only from a message read whole (or up to the limit)
        }
    }
    return 0;
}
