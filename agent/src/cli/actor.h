#pragma once
// Who writes an annotation, for its history (ledger/events.h annotation_change): --by when
// given, else the config's "operator", else the OS user the command runs as.

#include <string>

#include "cli/commands.h"

namespace daicho::agent {

// Throws std::invalid_argument (a usage error) for a --by that could not be an annotation value.
[[nodiscard]] std::string actor(const CommonOptions& common, const std::string& by);

}  // namespace daicho::agent
