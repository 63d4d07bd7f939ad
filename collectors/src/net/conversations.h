#pragma once
// The bounded conversation table behind conversations.h. Private to daicho_collectors; the
// frame walk (frame_decoder.cpp) calls update() once per whole IP packet that is not a
// routed copy, after the application decoders ran, so the packet's recognition (if any) is
// known.
//
// Layout: an 8-way set-associative table (entries rounded up to a power of two) of Entry,
// plus one 32-bit tag per way (0 = free). A full set evicts its least recently seen row
// (counted). Nothing is allocated after construction.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "daicho/collectors/conversations.h"
#include "daicho/collectors/packet_context.h"

namespace daicho::collectors::net {

class ConversationTable {
   public:
    static constexpr std::size_t kWays = 8;
    static constexpr std::size_t kMaxEntries = std::size_t{1} << 22U;

    // Throws std::invalid_argument on an absurd size or idle time (control plane).
    explicit ConversationTable(ConversationConfig config);
    ~ConversationTable();
    ConversationTable(const ConversationTable&) = delete;
    ConversationTable& operator=(const ConversationTable&) = delete;

    // What one update did, for the frame walk's counter block.
    struct Outcome {
        bool counted = false;  // a row was updated (else the packet crosses no boundary)
        bool evicted = false;  // ... after evicting another row
        std::uint32_t row = UINT32_MAX;  // the row updated (for net/routed_copies.h)
    };

    // One packet: `ctx` holds its IP and transport fields, `wire_len` its length on the wire,
    // `seen` what the decoders recognised in it (may be empty), `names` the names they read
    // (an SNI counts from the inside end, a certificate from the outside end).
    Outcome update(const PacketContext& ctx, std::uint32_t wire_len, const Recognition& seen,
                   const ConversationNames& names = {}) noexcept;
    // Marks `row` (an Outcome::row of an earlier packet) as a NAT view when it still holds a
    // conversation with `shared` at one end (the address the later copy kept; a row evicted
    // and reused since is left alone). Constant time, no allocation.
    void mark_nat_view(std::uint32_t row, const IpAddress& shared) noexcept;
    // Forgets every row and zeroes the counters (between captures: each capture's rows are
    // stored with it). Touches only the tags: no allocation.
    void clear() noexcept;

    // Appends the evicted rows kept (ConversationConfig::keep_evicted), oldest first, then
    // every live row, NAT views left out (control plane: allocates).
    void rows(std::vector<Conversation>& out) const;
    [[nodiscard]] const ConversationCounters& counters() const noexcept { return counters_; }
    [[nodiscard]] const InsidePlan& plan() const noexcept { return config_.inside; }
    [[nodiscard]] std::size_t capacity() const noexcept { return (set_mask_ + 1) * kWays; }
    [[nodiscard]] static std::size_t bytes_per_entry() noexcept;

   private:
    struct Entry;
    struct Key;

    [[nodiscard]] std::uint32_t find(const Key& key, std::uint64_t hash) const noexcept;
    [[nodiscard]] std::uint32_t insert(const Key& key, std::uint64_t hash, bool& evicted) noexcept;

    ConversationConfig config_;
    std::vector<Conversation> kept_;  // evicted rows kept, capacity keep_evicted
    std::size_t set_mask_ = 0;
    std::unique_ptr<std::uint32_t[]> tags_;
    std::unique_ptr<Entry[]> entries_;
    ConversationCounters counters_;
};

}  // namespace daicho::collectors::net
