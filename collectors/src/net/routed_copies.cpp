// One copy of a routed packet: see routed_copies.h for the key, the drop conditions and the
// false-match bound.

#include "net/routed_copies.h"

#include <span>

#include "daicho/collectors/mix.h"
#include "net/net.h"

namespace daicho::collectors::net {
namespace {

// Folds the bytes [from, to) of `in` (clipped to what is there).
std::uint64_t fold_range(std::uint64_t h, const ByteReader& in, std::size_t from,
                         std::size_t to) noexcept {
    const auto rest = in.rest();
    if (from > rest.size()) {
        return h * kFoldMul[0] + 1;  // distinct from the fold of an empty range
    }
    return fold_bytes(h, rest.subspan(from, (to < rest.size() ? to : rest.size()) - from));
}

// Only compared for equality with another packet's (one address of two must match): one
// multiply per half is enough.
std::uint32_t address_digest(const IpAddress& a) noexcept {
    const auto octets = std::as_bytes(std::span(a.octets));
    const std::uint64_t h =
        (load_word(octets.first(8)) ^ static_cast<std::uint64_t>(a.family)) * kFoldMul[0] +
        load_word(octets.last(8)) * kFoldMul[1];
    return static_cast<std::uint32_t>(h >> 32U) ^ static_cast<std::uint32_t>(h);
}

}  // namespace

std::uint64_t routed_copy_key(const PacketContext& ctx, const ByteReader& l4) noexcept {
    std::uint64_t h = (static_cast<std::uint64_t>(ctx.sensor) << 48U) |
                      (static_cast<std::uint64_t>(ctx.src_ip.family) << 40U) |
                      (static_cast<std::uint64_t>(ctx.ip_proto) << 32U) | ctx.ip_id;
    h ^= std::uint64_t{l4.remaining()} * kFoldMul[1];
    switch (ctx.ip_proto) {
        case kIpProtoTcp: {
            // RFC 9293 §3.1: octets 4-13 are seq, ack, data offset, flags; data after offset.
            h = fold_range(h, l4, 4, 14);
            const std::size_t data_at =
                static_cast<std::size_t>(l4.peek_u8(12).value_or(0x50) >> 4U) * 4;
            return mix64(fold_range(h, l4, data_at, data_at + RoutedCopies::kDigestBytes));
        }
        case kIpProtoUdp:
            // RFC 768: octets 4-5 length; 6-7 the checksum NAT rewrites; data from 8.
            h = fold_range(h, l4, 4, 6);
            return mix64(fold_range(h, l4, 8, 8 + RoutedCopies::kDigestBytes));
        default:
            return mix64(fold_range(h, l4, 8, 8 + RoutedCopies::kDigestBytes));
    }
}

namespace {
std::size_t power_of_two(std::size_t n) {
    std::size_t p = 1;
    while (p < n) {
        p <<= 1U;
    }
    return p;
}
}  // namespace

RoutedCopies::RoutedCopies(std::size_t slots)
    : mask_(power_of_two(slots) - 1), slots_(std::make_unique<Slot[]>(mask_ + 1)) {}

RoutedCopyVerdict RoutedCopies::check(const PacketContext& ctx, const ByteReader& l4) noexcept {
    ++counters_.looked_up;
    const std::uint64_t key = routed_copy_key(ctx, l4);
    const std::uint32_t src = address_digest(ctx.src_ip);
    const std::uint32_t dst = address_digest(ctx.dst_ip);
    const std::int64_t ts = ctx.evidence.ts_us;
    Slot& slot = slots_[key & mask_];
    const bool live = slot.used && ts >= slot.ts_us && ts - slot.ts_us <= kWindowUs;
    if (live && slot.key == key && ctx.ttl < slot.ttl && (src == slot.src || dst == slot.dst)) {
        ++counters_.copies;
        last_ = nullptr;
        RoutedCopyVerdict verdict{true, kNoConversationRow};
        if (dst != slot.dst) {
            ++counters_.nat_views;
            verdict.nat_view_row = slot.row;
        }
        return verdict;  // the slot keeps the first copy: a third copy compares with it too
    }
    if (live && slot.key != key) {
        ++counters_.overwritten;
    }
    slot = Slot{key, ts, src, dst, kNoConversationRow, ctx.ttl, true};
    last_ = &slot;
    return {};
}

}  // namespace daicho::collectors::net
