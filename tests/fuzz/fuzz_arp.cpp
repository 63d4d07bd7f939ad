// libFuzzer target: the ARP decoder alone with a fixed context (lldpd fuzz_cdp.c style).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include "fuzz_inputs.h"
#include "proto/arp/arp.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace daicho::collectors;
    static const PacketContext ctx = daicho::test::fuzz::arp_context();
    static auto sink = std::make_unique<ObservationSink>();
    const auto bytes = std::as_bytes(std::span(data, size));
    for (const bool cut : {false, true}) {
        sink->clear();
        const auto r = arp::decode(ByteReader(bytes, cut), ctx, *sink);
        if (sink->size() > 1 || (r != DecodeResult::decoded && sink->size() != 0)) {
            __builtin_trap();  // at most one binding, and only from a whole packet
        }
    }
    return 0;
}
