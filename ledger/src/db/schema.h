#pragma once
// The embedded schema migrations (generated from ledger/schema/NNN_name.sql by
// ledger/schema_embed.cmake). Migration N brings a ledger from user_version N-1 to N.

#include <span>
#include <string_view>

namespace daicho::ledger::db {

struct Migration {
    int version = 0;
    std::string_view name;  // "001_initial"
    std::string_view sql;
};

// In version order, starting at 1, without gaps.
[[nodiscard]] std::span<const Migration> migrations() noexcept;

}  // namespace daicho::ledger::db
