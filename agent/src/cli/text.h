#pragma once
// Small text helpers for terminal output. File names and wire strings may hold control
// bytes; they are shown as \xNN so they cannot move the cursor or recolour a terminal.

#include <cstdint>
#include <string>
#include <string_view>

namespace daicho::agent {

[[nodiscard]] std::string escape_control(std::string_view s);
// 5000000 -> "5,000,000"
[[nodiscard]] std::string with_commas(std::uint64_t n);

}  // namespace daicho::agent
