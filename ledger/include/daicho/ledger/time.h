#pragma once
// Times as the ledger stores them (microseconds since 1970, UTC) in text.

#include <cstdint>
#include <string>

namespace daicho::ledger {

// "2026-03-09T01:02:03.000456Z"
[[nodiscard]] std::string format_time_utc(std::int64_t us);

}  // namespace daicho::ledger
