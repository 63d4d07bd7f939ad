#include "pipeline/activity_table.h"

#include "daicho/collectors/mix.h"

namespace daicho::agent {

namespace {

// 48-bit MAC, 12-bit VLAN and 4 low bits of the outer VLAN folded into the key; the full
// outer VLAN is compared on hit, so the fold only affects spreading.
std::uint64_t key_of(const collectors::PacketContext& ctx) noexcept {
    return ctx.src_mac.as_u64() | (static_cast<std::uint64_t>(ctx.vlan & 0x0fffU) << 48U) |
           (static_cast<std::uint64_t>(ctx.outer_vlan & 0x000fU) << 60U);
}

}  // namespace

ActivityTable::ActivityTable(std::size_t capacity)
    : slots_(capacity), mask_(capacity - 1), max_load_(capacity / 2) {
    used_index_.reserve(max_load_);
}

bool ActivityTable::add(const collectors::PacketContext& ctx, std::uint32_t wire_len) noexcept {
    return add_gated(ctx, wire_len, nullptr) == Added::counted;
}

ActivityTable::Added ActivityTable::add(const collectors::PacketContext& ctx,
                                        std::uint32_t wire_len, StationGate& gate) noexcept {
    return add_gated(ctx, wire_len, &gate);
}

ActivityTable::Added ActivityTable::add_gated(const collectors::PacketContext& ctx,
                                              std::uint32_t wire_len, StationGate* gate) noexcept {
    const std::uint64_t key = key_of(ctx);
    std::size_t i = collectors::mix64(key) & mask_;
    for (;;) {
        Slot& s = slots_[i];
        if (!s.used) {
            if (used_ >= max_load_) {
                return Added::full;
            }
            if (gate != nullptr && !gate->admit_mac(ctx.sensor, ctx.src_mac, ctx.evidence)) {
                return Added::refused;
            }
            s.used = true;
            s.key = key;
            s.activity = {};
            s.activity.mac = ctx.src_mac;
            s.activity.sensor = ctx.sensor;
            s.activity.vlan = ctx.vlan;
            s.activity.outer_vlan = ctx.outer_vlan;
            s.activity.first_us = ctx.evidence.ts_us;
            s.activity.first_evidence = ctx.evidence;
            s.activity.packets = 1;
            s.activity.bytes = wire_len;
            s.activity.last_us = ctx.evidence.ts_us;
            used_index_.push_back(static_cast<std::uint32_t>(i));  // reserved: no allocation
            ++used_;
            return Added::counted;
        }
        if (s.key == key && s.activity.outer_vlan == ctx.outer_vlan &&
            s.activity.sensor == ctx.sensor) {
            ++s.activity.packets;
            s.activity.bytes += wire_len;
            if (ctx.evidence.ts_us > s.activity.last_us) {
                s.activity.last_us = ctx.evidence.ts_us;
            }
            if (ctx.evidence.ts_us < s.activity.first_us) {
                s.activity.first_us = ctx.evidence.ts_us;
            }
            return Added::counted;
        }
        i = (i + 1) & mask_;
    }
}

void ActivityTable::drain_into(std::vector<ledger::DeviceActivity>& out) {
    for (std::uint32_t i : used_index_) {
        out.push_back(slots_[i].activity);
        slots_[i].used = false;
    }
    used_index_.clear();
    used_ = 0;
}

}  // namespace daicho::agent
