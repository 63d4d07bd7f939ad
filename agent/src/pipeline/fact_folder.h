#pragma once
// Folds repeated observations inside one batch into one StoredObservation with a count, so an
// ARP reply every second becomes one upsert per batch rather than one write per packet. Only
// a fact never seen in the batch copies its value (the rare path); repeats only hash and compare.

#include <cstdint>
#include <vector>

#include "daicho/collectors/observation.h"
#include "daicho/ledger/batch.h"

namespace daicho::agent {

class FactFolder {
   public:
    // Named limit: slots, a power of two; half of them, distinct facts, are held before a
    // flush. 131,072 facts: the generated 12,500-host capture of the benchmarks holds 142,533,
    // so it flushes once before its end (activity_table.h has the figures). The index is
    // 1 MiB; the batch holds only the facts seen.
    static constexpr std::size_t kDefaultCapacity = 1U << 18U;

    explicit FactFolder(std::size_t capacity = kDefaultCapacity);

    // Returns false when full (flush, then add again).
    bool add(const collectors::Observation& o, std::vector<ledger::StoredObservation>& batch);
    void clear() noexcept;
    [[nodiscard]] std::size_t size() const noexcept { return used_; }

   private:
    std::vector<std::uint32_t> index_;  // 0 = empty, else batch position + 1
    std::vector<std::uint32_t> used_slots_;
    std::size_t mask_;
    std::size_t used_ = 0;
    std::size_t max_load_;
};

}  // namespace daicho::agent
