// Truncation sweep (STYLE.md §4.8 item 2): every fixture, every prefix length, both as a
// capture cut by snaplen (wire_len = full length) and as a short frame (wire_len = prefix).
// Decoding must not crash, must return one of the frame-level results, and may only emit a
// subset of the full frame's facts. A cut capture must never turn into "malformed" at a
// layer where the full frame was fine: running out of bytes there means "truncated".

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "decode_helpers.h"
#include "all_fixtures.h"

using daicho::collectors::DecodeResult;
using namespace daicho::test;

namespace {
bool is_subset(const std::vector<Fact>& part, const std::vector<Fact>& full) {
    return std::all_of(part.begin(), part.end(), [&](const Fact& f) {
        return std::any_of(full.begin(), full.end(), [&](const Fact& g) { return f.same_fact(g); });
    });
}
bool frame_level(DecodeResult r) {
    return r == DecodeResult::decoded || r == DecodeResult::truncated ||
           r == DecodeResult::not_mine || r == DecodeResult::malformed;
}
}  // namespace

TEST_CASE("Truncation sweep over every fixture and prefix", "[collectors][truncation]") {
    // Two decoders per prefix: the small test tables (decode_helpers.h) keep that quick.
    const auto config = test_decoder_config();
    for (const auto& fixture : fixtures::all_frames()) {
        const auto bytes = hex(fixture.hex);
        const auto full = decode_bytes(bytes, fixture.link, std::nullopt, config);
        REQUIRE(full.result == DecodeResult::decoded);
        for (std::size_t n = 0; n < bytes.size(); ++n) {
            INFO(std::string(fixture.name) << " prefix " << n << " of " << bytes.size());
            const auto prefix = std::span(bytes).first(n);

            const auto cut = decode_bytes(prefix, fixture.link,
                                          static_cast<std::uint32_t>(bytes.size()), config);
            CHECK(frame_level(cut.result));
            CHECK(cut.result != DecodeResult::malformed);
            CHECK(is_subset(cut.facts, full.facts));
            for (const auto& block : cut.counters) {
                INFO(block.name);
                // Only layers that were malformed in the full frame may be malformed now.
                CHECK(block.counters.malformed <= full.counter(block.name).malformed);
            }

            const auto short_frame = decode_bytes(prefix, fixture.link, std::nullopt, config);
            CHECK(frame_level(short_frame.result));
            CHECK(is_subset(short_frame.facts, full.facts));
            CHECK(short_frame.counters.size() == full.counters.size());
        }
    }
}
