#pragma once
// Data files as compiled in by ledger/data_embed.cmake (generated *_embedded.cpp).

#include <span>
#include <string_view>

namespace daicho::ledger::data {

struct EmbeddedFile {
    std::string_view name;  // "software_patterns.json"
    std::string_view text;
};

// The ledger's own files (ledger/data/*.json).
[[nodiscard]] std::span<const EmbeddedFile> embedded_files() noexcept;

// The text of one file of `files`, "" when there is none by that name.
[[nodiscard]] inline std::string_view embedded_file(std::span<const EmbeddedFile> files,
                                                    std::string_view name) noexcept {
    for (const auto& f : files) {
        if (f.name == name) {
            return f.text;
        }
    }
    return {};
}
[[nodiscard]] inline std::string_view embedded_file(std::string_view name) noexcept {
    return embedded_file(embedded_files(), name);
}

}  // namespace daicho::ledger::data
