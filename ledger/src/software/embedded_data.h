#pragma once
// The ledger's data files as compiled in by data_embed.cmake (generated data_embedded.cpp).

#include <span>
#include <string_view>

namespace daicho::ledger::data {

struct EmbeddedFile {
    std::string_view name;  // "software_patterns.json"
    std::string_view text;
};

[[nodiscard]] std::span<const EmbeddedFile> embedded_files() noexcept;

// The text of one embedded file, "" when there is none by that name.
[[nodiscard]] inline std::string_view embedded_file(std::string_view name) noexcept {
    for (const auto& f : embedded_files()) {
        if (f.name == name) {
            return f.text;
        }
    }
    return {};
}

}  // namespace daicho::ledger::data
