#pragma once
// The answers library's data files (answers/data/*.json), compiled in by
// ledger/data_embed.cmake, and the one rule for replacing them from a data directory.

#include <filesystem>
#include <span>
#include <string>
#include <string_view>

#include "daicho/ledger/embedded_data.h"

namespace daicho::answers::data {

[[nodiscard]] std::span<const ledger::data::EmbeddedFile> embedded_files() noexcept;

// The text of `name`: `dir`/name when `dir` is given and holds it (read whole; ledger::Error
// naming the path when it cannot be read), else the built-in copy. `label` gets the path or
// the built-in name, for error messages.
[[nodiscard]] std::string file_text(const std::filesystem::path& dir, std::string_view name,
                                    std::string& label);

}  // namespace daicho::answers::data
