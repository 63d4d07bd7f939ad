// Replays every kept fuzz crash input (tests/fuzz/regressions/<target>/*) through
// FrameDecoder without libFuzzer. Passes with zero files.

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "../fuzz/fuzz_inputs.h"
#include "decode_helpers.h"

using daicho::collectors::DecodeResult;
using namespace daicho::test;

TEST_CASE("Fuzz regression inputs replay cleanly", "[collectors][fuzz_regression]") {
    const std::filesystem::path root = std::filesystem::path(DAICHO_TESTS_DIR) / "fuzz" / "regressions";
    REQUIRE(std::filesystem::is_directory(root));
    std::size_t replayed = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
        if (!entry.is_regular_file() || entry.path().extension() == ".md") {
            continue;
        }
        const auto target = entry.path().parent_path().filename().string();
        std::ifstream in(entry.path(), std::ios::binary);
        const std::vector<char> raw((std::istreambuf_iterator<char>(in)),
                                    std::istreambuf_iterator<char>());
        std::vector<std::byte> input(raw.size());
        for (std::size_t i = 0; i < raw.size(); ++i) {
            input[i] = static_cast<std::byte>(raw[i]);
        }
        INFO(entry.path().string());
        daicho::collectors::LinkType link{};
        const auto frame = fuzz::frame_for(target, input, link);
        for (const std::uint32_t extra : {0U, 100U}) {
            const auto d =
                decode_bytes(frame, link, static_cast<std::uint32_t>(frame.size()) + extra);
            CHECK(d.result != DecodeResult::limited);
            CHECK(d.facts.size() <= daicho::collectors::ObservationSink::kMaxPerFrame);
        }
        ++replayed;
    }
    SUCCEED("replayed " << replayed << " regression inputs");
}
