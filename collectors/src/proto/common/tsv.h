#pragma once
// Compile-time reading of the knowledge files under collectors/data (tab-separated, '#'
// comments, one row a line), so the tables decoders match against are constexpr arrays built
// from the readable file: no start-up parsing, no global state, and a malformed file fails
// the build (a constexpr table whose row cannot be read does not compile).

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace daicho::collectors::tsv {

inline constexpr std::size_t kMaxFields = 8;

struct Row {
    std::array<std::string_view, kMaxFields> fields{};
    std::size_t count = 0;

    [[nodiscard]] constexpr std::string_view at(std::size_t i) const noexcept {
        return i < count ? fields.at(i) : std::string_view{};
    }
};

[[nodiscard]] constexpr bool is_data_line(std::string_view line) noexcept {
    return !line.empty() && line.front() != '#';
}

// Calls f(Row) for every data line of `text`.
template <typename F>
constexpr void for_each_row(std::string_view text, F&& f) {
    while (!text.empty()) {
        const std::size_t end = text.find('\n');
        std::string_view line = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        if (!is_data_line(line)) {
            continue;
        }
        Row row;
        while (row.count < kMaxFields) {
            const std::size_t tab = line.find('\t');
            row.fields.at(row.count++) = line.substr(0, tab);
            if (tab == std::string_view::npos) {
                break;
            }
            line = line.substr(tab + 1);
        }
        f(row);
    }
}

[[nodiscard]] constexpr std::size_t count_rows(std::string_view text) {
    std::size_t n = 0;
    for_each_row(text, [&n](const Row&) { ++n; });
    return n;
}

// The N data rows of `text` through `parse` (Row -> table entry), as an array; N is
// count_rows(text), so a knowledge table reads `parse_table<count_rows(kText)>(kText, parse)`.
template <std::size_t N, typename Parse>
[[nodiscard]] constexpr auto parse_table(std::string_view text, Parse parse) {
    std::array<decltype(parse(Row{})), N> table{};
    std::size_t i = 0;
    for_each_row(text, [&](const Row& row) { table.at(i++) = parse(row); });
    return table;
}

// One hex digit's value; 0xFF when `c` is not one.
[[nodiscard]] constexpr std::uint8_t hex_digit(char c) noexcept {
    if (c >= '0' && c <= '9') {
        return static_cast<std::uint8_t>(c - '0');
    }
    if (c >= 'a' && c <= 'f') {
        return static_cast<std::uint8_t>(c - 'a' + 10);
    }
    if (c >= 'A' && c <= 'F') {
        return static_cast<std::uint8_t>(c - 'A' + 10);
    }
    return 0xFF;
}

// A decimal number; `fallback` when `s` is not one.
[[nodiscard]] constexpr std::size_t to_size(std::string_view s, std::size_t fallback) noexcept {
    if (s.empty()) {
        return fallback;
    }
    std::size_t v = 0;
    for (const char c : s) {
        if (c < '0' || c > '9') {
            return fallback;
        }
        v = v * 10 + static_cast<std::size_t>(c - '0');
    }
    return v;
}

}  // namespace daicho::collectors::tsv
