#pragma once
// Times as the ledger stores them (microseconds since 1970, UTC) in text.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace daicho::ledger {

// "2026-03-09T01:02:03.000456Z"
[[nodiscard]] std::string format_time_utc(std::int64_t us);

// YYYY-MM-DD[(T| )HH:MM[:SS]][Z], read as UTC (what the exports print reads back the same);
// nullopt when it is not one, or names no real date or time.
[[nodiscard]] std::optional<std::int64_t> parse_time_utc(std::string_view text);

// "<n>d" or "<n>h" (n from 1 to 100 years' worth) in microseconds; nullopt otherwise.
[[nodiscard]] std::optional<std::int64_t> parse_span_us(std::string_view text);

}  // namespace daicho::ledger
