#pragma once
// What a live capture's conversation table added since the ledger last heard of it (issue 13,
// the daemon of issue 15). A file's rows are stored once, when the capture commits, and the
// ledger adds them up across captures (write/connection_store.h). A live capture commits only
// when it stops, months later, so its rows go to the ledger at every merge instead; the table
// itself must not be cleared between merges (a cleared table would count a long UDP stream as
// a new session each merge and cap the longest session, and with it "always on", at the merge
// interval). So each merge stores the difference: sessions, packets and bytes since the rows
// last stored, and only the rows that moved. A row evicted and made again counts from zero.
//
// Memory: one entry per row of the table at the last merge (the table is bounded, 16384 rows
// by default); entries of rows gone from the table are dropped at each merge.

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "daicho/collectors/conversations.h"

namespace daicho::agent {

class ConnectionDeltas {
   public:
    // `rows`: the table's rows now (cumulative since the capture began). Returns the rows that
    // moved since the last call, their counts reduced to what is new.
    [[nodiscard]] std::vector<collectors::Conversation> take(
        std::vector<collectors::Conversation> rows);

   private:
    struct Stored {
        std::uint32_t sessions = 0;
        std::uint64_t packets = 0;
        std::uint64_t bytes_to_outside = 0;
        std::uint64_t bytes_to_inside = 0;
    };
    std::unordered_map<std::string, Stored> stored_;
};

}  // namespace daicho::agent
