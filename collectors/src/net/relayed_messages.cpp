// One copy of a relayed application message: see relayed_messages.h.

#include "net/relayed_messages.h"

namespace daicho::collectors::net {

bool RelayedMessages::later_copy(const PacketContext& ctx, std::uint64_t key,
                                 bool relayed) noexcept {
    const std::int64_t now = ctx.evidence.ts_us;
    // Keys are hashes: their low bits pick the slot.
    Slot& slot = slots_[key & (kSlots - 1)];
    const bool seen = slot.used && slot.key == key && slot.sensor == ctx.sensor &&
                      now >= slot.ts_us && now - slot.ts_us <= kWindowUs;
    slot = Slot{key, now, ctx.sensor, true};
    return seen && relayed;
}

}  // namespace daicho::collectors::net
