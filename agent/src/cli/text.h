#pragma once
// Small text helpers for terminal output. File names and wire strings may hold control
// bytes, invalid UTF-8 or bidirectional overrides; they are shown as \xNN / \uNNNN (the
// exporters' ledger::text::escape) so they cannot move the cursor, recolour a terminal or
// reorder what a person reads.

#include <cstdint>
#include <string>
#include <string_view>

#include "daicho/survey/words.h"

namespace daicho::agent {

[[nodiscard]] std::string escape_control(std::string_view s);
// The --lang option's value ("ja" | "en"; CLI11 has checked it) as the exporters' Lang.
[[nodiscard]] inline survey::Lang to_lang(std::string_view option) {
    return option == "en" ? survey::Lang::en : survey::Lang::ja;
}
// 5000000 -> "5,000,000"
[[nodiscard]] std::string with_commas(std::uint64_t n);

}  // namespace daicho::agent
