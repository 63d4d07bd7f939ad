#pragma once
// Making wire strings safe to show: every renderer passes device strings through here.

#include <cstddef>
#include <string>
#include <string_view>

namespace daicho::ledger::text {

// One character of strict UTF-8 (RFC 3629 §4: no overlong forms, no surrogates, nothing past
// U+10FFFF) at `pos`: its code point and length, length 0 when the bytes there are not one.
struct Utf8Char {
    char32_t cp = 0;
    std::size_t len = 0;
};
[[nodiscard]] Utf8Char decode_utf8(std::string_view s, std::size_t pos) noexcept;
[[nodiscard]] bool valid_utf8(std::string_view s) noexcept;
void append_utf8(std::string& out, char32_t cp);

// Valid UTF-8 passes through; control bytes (C0, DEL), bytes that are not valid UTF-8,
// C1 controls and bidirectional overrides (which reorder what a reader sees) become
// "\xNN" / "\uNNNN" escapes. The result is valid UTF-8 without control characters.
[[nodiscard]] std::string escape(std::string_view raw);

// Terminal columns the (escaped) text takes: East Asian wide characters count 2.
[[nodiscard]] std::size_t display_width(std::string_view utf8);

// Cuts valid UTF-8 to at most `width` columns, ending in "…" when it had to cut.
[[nodiscard]] std::string truncate_to_width(std::string_view utf8, std::size_t width);

// Cuts valid UTF-8 to at most `max_bytes` bytes without splitting a character.
[[nodiscard]] std::string_view truncate_bytes(std::string_view utf8, std::size_t max_bytes);

// Whether a spreadsheet would evaluate a cell starting like this: = + - @ TAB CR, or the
// full-width ＝ ＋ － ＠ that Japanese IMEs produce (OWASP "CSV injection").
[[nodiscard]] bool starts_formula(std::string_view s);

// Whether the CSV export puts an apostrophe before `raw`: it starts like a formula, also after
// any apostrophes it already starts with. Counting those keeps the guard reversible, so an
// import can tell the export's apostrophe from one a person typed ('=x stays '=x).
[[nodiscard]] bool needs_formula_guard(std::string_view raw);

}  // namespace daicho::ledger::text
