#pragma once
// Times as the ledger stores them (microseconds since 1970, UTC) in text.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace daicho::ledger {

// "2026-03-09T01:02:03.000456Z"
[[nodiscard]] std::string format_time_utc(std::int64_t us);
// The wall clock as unix microseconds (UTC): when a row or a report was made.
[[nodiscard]] std::int64_t now_us() noexcept;

// The same text in a small value, for writers that print a time per row of a large export:
// no allocation, no gmtime_r or snprintf.
struct TimeText {
    std::array<char, 40> chars{};
    std::size_t size = 0;
    [[nodiscard]] std::string_view view() const noexcept { return {chars.data(), size}; }
};
[[nodiscard]] TimeText time_text_utc(std::int64_t us) noexcept;

// YYYY-MM-DD[(T| )HH:MM[:SS]][Z], read as UTC (what the exports print reads back the same);
// nullopt when it is not one, or names no real date or time.
[[nodiscard]] std::optional<std::int64_t> parse_time_utc(std::string_view text);

// "<n>d" or "<n>h" (n from 1 to 100 years' worth) in microseconds; nullopt otherwise.
[[nodiscard]] std::optional<std::int64_t> parse_span_us(std::string_view text);

}  // namespace daicho::ledger
