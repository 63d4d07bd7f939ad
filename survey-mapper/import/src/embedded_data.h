#pragma once
// import's own data files (survey-mapper/import/data/*.json), compiled in by
// ledger/data_embed.cmake into import_data_embedded.cpp.

#include <span>

#include "daicho/ledger/embedded_data.h"

namespace daicho::import::data {

[[nodiscard]] std::span<const ledger::data::EmbeddedFile> embedded_files() noexcept;

}  // namespace daicho::import::data
