// One copy of a routed packet: see routed_copies.h for the key, the drop conditions and the
// false-match bound.

#include "net/routed_copies.h"

#include <cstring>
#include <span>

#include "daicho/collectors/mix.h"
#include "net/net.h"

namespace daicho::collectors::net {
namespace {

// Eight bytes as one word in host order (a hash input: byte order does not matter). A fixed
// size, so the compiler makes it one load, not a call to memcpy.
std::uint64_t word8(std::span<const std::byte> bytes) noexcept {
    std::uint64_t w = 0;
    std::memcpy(&w, bytes.data(), sizeof w);
    return w;
}

// Folds `bytes` into `h`: one multiply and one shift per word, mix64 once at the end. The key
// only needs the copies of one packet to agree and unrelated packets to differ (the drop also
// needs the TTL, an address and the window), so a full mix64 per word bought nothing.
// perf, corpus-large: check() and its fold were 11.8% of the decode thread's samples with a
// mix64 and a variable-size memcpy per word; callgrind, corpus-small: 345 -> 309 instructions.
std::uint64_t fold(std::uint64_t h, std::span<const std::byte> bytes) noexcept {
    constexpr std::uint64_t kMul = 0x9E3779B97F4A7C15ULL;  // 2^64 / golden ratio, odd
    while (bytes.size() >= 8) {
        h = (h ^ word8(bytes)) * kMul;
        h ^= h >> 32U;
        bytes = bytes.subspan(8);
    }
    std::uint64_t tail = 0;
    if (!bytes.empty()) {
        std::memcpy(&tail, bytes.data(), bytes.size());
    }
    return mix64(h ^ tail ^ (std::uint64_t{bytes.size()} << 56U));
}

// Folds the bytes [from, to) of `in` (clipped to what is there).
std::uint64_t fold_range(std::uint64_t h, const ByteReader& in, std::size_t from,
                         std::size_t to) noexcept {
    const auto rest = in.rest();
    if (from > rest.size()) {
        return mix64(h);
    }
    return fold(h, rest.subspan(from, (to < rest.size() ? to : rest.size()) - from));
}

std::uint32_t address_digest(const IpAddress& a) noexcept {
    const auto octets = std::as_bytes(std::span(a.octets));
    std::uint64_t h = mix64(static_cast<std::uint64_t>(a.family) ^ word8(octets.first(8)));
    h = mix64(h ^ word8(octets.subspan(8, 8)));
    return static_cast<std::uint32_t>(h >> 32U);
}

}  // namespace

std::uint64_t routed_copy_key(const PacketContext& ctx, const ByteReader& l4) noexcept {
    std::uint64_t h = mix64((static_cast<std::uint64_t>(ctx.sensor) << 48U) |
                            (static_cast<std::uint64_t>(ctx.src_ip.family) << 40U) |
                            (static_cast<std::uint64_t>(ctx.ip_proto) << 32U) | ctx.ip_id);
    h = mix64(h ^ l4.remaining());
    switch (ctx.ip_proto) {
        case kIpProtoTcp: {
            // RFC 9293 §3.1: octets 4-13 are seq, ack, data offset, flags; data after offset.
            h = fold_range(h, l4, 4, 14);
            const std::size_t data_at =
                static_cast<std::size_t>(l4.peek_u8(12).value_or(0x50) >> 4U) * 4;
            return fold_range(h, l4, data_at, data_at + RoutedCopies::kDigestBytes);
        }
        case kIpProtoUdp:
            // RFC 768: octets 4-5 length; 6-7 the checksum NAT rewrites; data from 8.
            h = fold_range(h, l4, 4, 6);
            return fold_range(h, l4, 8, 8 + RoutedCopies::kDigestBytes);
        default:
            return fold_range(h, l4, 8, 8 + RoutedCopies::kDigestBytes);
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
