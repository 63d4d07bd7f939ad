#pragma once
// One copy of an application message that a relay agent forwards (issue 11). A DHCP relay
// (RFC 2131 §4.1) receives the client's broadcast on the client's link and sends the same
// message on to the server from its own address, giaddr set and hops one more; it passes the
// server's answer back to the client the same way. A SPAN of both links shows each message
// twice. That is not one IP packet routed twice (net/routed_copies.h: new IP header, new
// source, new UDP checksum), so this table recognises the message itself: the decoder names it
// by a key of the fields a relay keeps (DHCP: op, message type, xid, chaddr), and a copy that
// went through a relay is a later copy when the same key was seen on the same sensor within
// kWindowUs. Its decoder then drops the facts about the client: the first copy, the client's
// own broadcast where the SPAN has it, keeps them and is their evidence. A copy that is not
// relayed (giaddr zero: the client's own message) is never dropped, so a client's
// retransmission and the relay-only view of a SPAN that misses the client's link keep theirs.
//
// Memory: kSlots direct-mapped entries of 24 bytes, the newest message taking a slot; no
// allocation after construction. A slot taken by another message before the relay's copy
// arrives (milliseconds later) costs a duplicate count, never a lost fact.

#include <array>
#include <cstddef>
#include <cstdint>

#include "daicho/collectors/packet_context.h"

namespace daicho::collectors::net {

class RelayedMessages {
   public:
    static constexpr std::size_t kSlots = 256;             // a power of two
    static constexpr std::int64_t kWindowUs = 1'000'000;  // relay to server: milliseconds

    // Remembers message `key` as seen on ctx's sensor at ctx's time; true when it went through
    // a relay (`relayed`) and the same message was seen before within the window.
    [[nodiscard]] bool later_copy(const PacketContext& ctx, std::uint64_t key,
                                  bool relayed) noexcept;

   private:
    struct Slot {
        std::uint64_t key = 0;
        std::int64_t ts_us = 0;
        std::uint16_t sensor = 0;
        bool used = false;
    };
    std::array<Slot, kSlots> slots_{};
};

}  // namespace daicho::collectors::net
