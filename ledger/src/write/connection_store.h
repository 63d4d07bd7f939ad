#pragma once
// The writer's connection-point half (schema 014, ledger/connections.h): the conversation
// table's rows of a capture, kept in memory until its merge (at most the table's capacity:
// the pipeline hands them over once, at the capture's end) and written inside the merge
// transaction, so a capture's points land with it or not at all (kill -9, a full disk).
// A point new to the ledger is a `connection_new` event.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "daicho/collectors/conversations.h"
#include "daicho/ledger/connections.h"
#include "db/statement.h"
#include "write/history.h"

struct sqlite3;

namespace daicho::ledger {

class ConnectionStore {
   public:
    explicit ConnectionStore(sqlite3* db);

    // Keeps the rows (replacing any kept before) until merge().
    void keep(std::vector<collectors::Conversation> rows, const ConnectionTableSummary& s);
    [[nodiscard]] bool kept() const noexcept { return summary_.has_value(); }
    // Inside the merge transaction, after the devices and routed hosts of the capture are in
    // place: upserts the points, their names and the capture's table figures; returns how
    // many points were new. `capture_id` is the evidence of rows without one.
    std::uint64_t merge(std::int64_t capture_id, History& history);
    void clear() noexcept;

   private:
    std::int64_t inside_device(std::int64_t domain, const std::string& address,
                               const collectors::MacAddress& mac, bool has_l2);
    std::int64_t link_device(std::int64_t domain, const collectors::MacAddress& mac);
    // The names DNS answers bound to `remote` (kDnsNames), read once per merge.
    const std::vector<std::pair<std::string, std::int64_t>>& dns_names(std::int64_t domain,
                                                                       const std::string& remote);
    void add_name(std::int64_t point, std::string_view source, std::string_view name,
                  std::int64_t at_us);

    sqlite3* db_;
    std::vector<collectors::Conversation> rows_;
    // Per merge: inside addresses and gateway MACs resolved once (many points share them).
    std::unordered_map<std::string, std::int64_t> inside_cache_;
    std::unordered_map<std::uint64_t, std::int64_t> link_cache_;
    std::unordered_map<std::string, std::vector<std::pair<std::string, std::int64_t>>> dns_cache_;
    std::optional<ConnectionTableSummary> summary_;
    db::Statement insert_point_;
    db::Statement upsert_point_;
    db::Statement set_always_on_;
    db::Statement insert_name_;
    db::Statement dns_names_;
    db::Statement holders_;
    db::Statement routed_host_;
    db::Statement link_device_;
    db::Statement holds_any_;
    db::Statement record_capture_;
};

}  // namespace daicho::ledger
