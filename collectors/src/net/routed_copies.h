#pragma once
// One copy of a routed packet (issue 11). A SPAN of several VLANs shows a routed packet once
// per VLAN it crosses: the TTL one less, other MACs, and behind a NAT another source (or
// destination) address and port. Every fact of such a packet was stored once per copy, and
// the copies the router forwarded carry the router's MAC. This table recognises the later
// copies so the walk can drop their facts; the first copy (on a SPAN, the frame the host
// itself sent) keeps them and is their evidence. Private to daicho_collectors.
//
// The key is what routing and NAT keep (RFC 791 §3.1, RFC 8200 §3, RFC 3022 §4.1):
//   sensor, IP version, protocol, the IPv4 identification or the IPv6 flow label, the
//   transport length, and a digest of the transport bytes NAT does not rewrite: TCP
//   sequence, acknowledgement, data offset and flags and the first kDigestBytes of data
//   (ports, checksum and options left out: NAT rewrites the first two, MSS clamping the
//   third); UDP length and the first kDigestBytes of data; other protocols their bytes from
//   octet 8 on (ICMP echo identifiers are rewritten by NAT, so a NAT'd echo is not matched).
// A later packet is a copy only when, besides the key, its TTL (hop limit) is lower than the
// kept copy's (a router decremented it), it arrives within kWindowUs, and its source or its
// destination address is the kept copy's (NAT rewrites one side, routing neither).
//
// False matches, bounded: dropping needs a 64-bit key match (identification/flow label,
// length and data digest), a lower TTL, one shared address and the window. Two different
// packets passing all that are the same bytes from the same sender or to the same receiver
// with a lower TTL, i.e. the same message seen again further along its path, whose facts are
// the ones already recorded. Every test is a drop condition, so a miss (a NAT that
// randomises TCP sequence numbers, MSS clamping of a data segment, the forwarded copy
// captured before the sender's, a copy evicted by a flood) costs a duplicate fact, as before
// this table, never a lost one. Capture order decides which copy is first: a switch mirrors
// the ingress copy before the router forwards it, and where it did not (the forwarded copy
// first, TTL lower) the later copy, TTL higher, is kept too.
//
// NAT views (issue 13): a later copy whose destination was rewritten (DNAT of a port forward,
// or the reply of a source-NATed conversation coming back in) shows that the kept copy, sent
// to the translator's own address, was the outside view of a conversation whose real inside
// end is the later copy's destination. The slot keeps the conversation row the kept copy
// updated (FrameDecoder sets it through first_copy_row), and the verdict hands it back so the
// conversation table can mark that row as a NAT view instead of a connection point of the
// translator's own. Only the destination side decides: a packet travels from its source, so
// a rewritten source's real address is the earliest copy's (already the kept one) and a
// rewritten destination's real address is the latest copy's.
//
// Memory: kSlots entries of 32 bytes (256 KiB; FrameDecoderConfig::routed_copy_slots), direct-
// mapped, the newest packet taking a slot; no allocation after construction. Copies follow each other within microseconds to
// milliseconds, far inside the window, so a slot reused by an unrelated packet before its
// copy arrives only costs the duplicate fact above (counted as `overwritten`).

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>

#include "daicho/collectors/byte_reader.h"
#include "daicho/collectors/packet_context.h"

namespace daicho::collectors::net {

inline constexpr std::uint32_t kNoConversationRow = UINT32_MAX;

struct RoutedCopyVerdict {
    bool later = false;  // a later copy: record none of its facts
    // A later copy whose destination was rewritten: the row the kept copy updated (the NAT
    // view), else kNoConversationRow.
    std::uint32_t nat_view_row = kNoConversationRow;
};

struct RoutedCopyCounters {
    std::uint64_t looked_up = 0;    // unfragmented IP packets checked
    std::uint64_t copies = 0;       // later copies whose facts were dropped
    std::uint64_t overwritten = 0;  // live slots (inside the window) taken by another packet
    std::uint64_t nat_views = 0;    // later copies with the destination rewritten
};

class RoutedCopies {
   public:
    static constexpr std::size_t kSlots = 8192;                // default; a power of two
    static constexpr std::int64_t kWindowUs = 1'000'000;       // 1 s between copies
    static constexpr std::size_t kDigestBytes = 64;            // transport data digested

    // `slots` is rounded up to a power of two (at least 1).
    explicit RoutedCopies(std::size_t slots = kSlots);

    // Whether the packet in `ctx` (IP layer and ctx.ip_id filled, not a fragment) is a later
    // copy of one seen before: the caller then records none of its facts. Otherwise the packet
    // is remembered as a first copy. `l4` holds the transport header and its data.
    [[nodiscard]] RoutedCopyVerdict check(const PacketContext& ctx, const ByteReader& l4) noexcept;
    [[nodiscard]] bool later_copy(const PacketContext& ctx, const ByteReader& l4) noexcept {
        return check(ctx, l4).later;
    }
    // The conversation row the packet last remembered as a first copy updated.
    void first_copy_row(std::uint32_t row) noexcept {
        if (last_ != nullptr) {
            last_->row = row;
        }
    }

    [[nodiscard]] const RoutedCopyCounters& counters() const noexcept { return counters_; }

   private:
    struct Slot {
        std::uint64_t key = 0;
        std::int64_t ts_us = 0;
        std::uint32_t src = 0;  // digests of the addresses (one must match)
        std::uint32_t dst = 0;
        std::uint32_t row = kNoConversationRow;  // the conversation row it updated
        std::uint8_t ttl = 0;
        bool used = false;
    };
    std::size_t mask_ = 0;
    std::unique_ptr<Slot[]> slots_;
    Slot* last_ = nullptr;  // the slot the last first copy took
    RoutedCopyCounters counters_;
};

// The key digest of a packet (exposed for tests of what is and is not part of it).
[[nodiscard]] std::uint64_t routed_copy_key(const PacketContext& ctx,
                                            const ByteReader& l4) noexcept;

}  // namespace daicho::collectors::net
