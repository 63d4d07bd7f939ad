#pragma once
// Private to the lldp decoder: fact emission and the stack text buffer used to format
// values (MAC, IP, numbers, hex) before they go through ObservationSink::store().

#include <array>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "daicho/collectors/decoder.h"
#include "proto/lldp/lldp.h"

namespace daicho::collectors::lldp::detail {

// Fixed-capacity text; input past the capacity is dropped (values are capped at
// kMaxValueBytes by the sink anyway).
template <std::size_t N>
class TextBuffer {
   public:
    void append(std::string_view s) noexcept {
        const std::size_t room = N - size_;
        if (s.size() > room) {
            s = s.substr(0, room);
        }
        s.copy(buf_.data() + size_, s.size());
        size_ += s.size();
    }
    void append_uint(std::uint64_t v) noexcept {
        std::array<char, 24> tmp{};
        const auto r = std::to_chars(tmp.data(), tmp.data() + tmp.size(), v);
        append(std::string_view(tmp.data(), static_cast<std::size_t>(r.ptr - tmp.data())));
    }
    void append_hex(std::uint8_t b) noexcept {
        constexpr std::string_view kDigits = "0123456789abcdef";
        const std::array<char, 2> two{kDigits[b >> 4U], kDigits[b & 0x0FU]};
        append(std::string_view(two.data(), two.size()));
    }
    [[nodiscard]] std::string_view view() const noexcept { return {buf_.data(), size_}; }
    [[nodiscard]] bool empty() const noexcept { return size_ == 0; }

   private:
    std::array<char, N> buf_{};
    std::size_t size_ = 0;
};

using Text = TextBuffer<kMaxValueBytes>;

inline void emit(const PacketContext& ctx, ObservationSink& out, FactKind kind,
                 std::string_view value) noexcept {
    Observation o;
    o.subject = ctx.sender();
    o.kind = kind;
    o.value = value;
    o.source = kName;
    o.evidence = ctx.evidence;
    out.emit(o);
}

// For values formatted into a stack buffer: copied into the sink's scratch first.
inline void emit_text(const PacketContext& ctx, ObservationSink& out, FactKind kind,
                      std::string_view text) noexcept {
    if (const auto stored = out.store(text)) {
        emit(ctx, out, kind, *stored);
    }
}

// Protocol padding only: a string ends at its first NUL. Some stacks copy fixed-size, NUL-
// terminated buffers with stale bytes after the NUL (the Cisco SG200 LLDP-MED inventory TLVs
// in lldp-med-inventory-cisco-sg200.pcap); a DisplayString (RFC 2579) never holds a bare NUL.
[[nodiscard]] inline std::string_view strip_nuls(std::string_view s) noexcept {
    return s.substr(0, s.find('\0'));
}

template <std::size_t N>
void append_mac(TextBuffer<N>& t, ByteReader& in) noexcept {
    for (std::size_t i = 0; i < 6; ++i) {
        const auto b = in.u8();
        if (!b) {
            return;
        }
        if (i != 0) {
            t.append(":");
        }
        t.append_hex(*b);
    }
}

template <std::size_t N>
void append_ipv4(TextBuffer<N>& t, const std::array<std::uint8_t, 4>& a) noexcept {
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (i != 0) {
            t.append(".");
        }
        t.append_uint(a.at(i));
    }
}

// RFC 5952 §4: lower case, no leading zeros, the longest run (>= 2) of zero groups as "::".
template <std::size_t N>
void append_ipv6(TextBuffer<N>& t, const std::array<std::uint8_t, 16>& a) noexcept {
    std::array<std::uint16_t, 8> g{};
    for (std::size_t i = 0; i < g.size(); ++i) {
        g.at(i) = static_cast<std::uint16_t>((a.at(2 * i) << 8U) | a.at(2 * i + 1));
    }
    std::size_t best = g.size();
    std::size_t best_len = 1;
    for (std::size_t i = 0; i < g.size();) {
        std::size_t j = i;
        while (j < g.size() && g.at(j) == 0) {
            ++j;
        }
        if (j - i > best_len) {
            best = i;
            best_len = j - i;
        }
        i = j == i ? i + 1 : j;
    }
    for (std::size_t i = 0; i < g.size(); ++i) {
        if (i == best) {
            t.append("::");
            i += best_len - 1;
            continue;
        }
        if (i != 0 && i != best + best_len) {
            t.append(":");
        }
        constexpr std::string_view kDigits = "0123456789abcdef";
        bool started = false;
        for (unsigned shift = 12;; shift -= 4) {
            const unsigned nibble = (g.at(i) >> shift) & 0x0FU;
            if (nibble != 0 || started || shift == 0) {
                t.append(kDigits.substr(nibble, 1));
                started = true;
            }
            if (shift == 0) {
                break;
            }
        }
    }
}

// An IANA Address Family Numbers value (RFC 3232 registry) plus address, as LLDP carries it
// in the chassis/port network-address subtypes and the management address TLV: IPv4 (1) and
// IPv6 (2) as text, 802 MAC (6) as aa:bb:..., anything else as "af<n>:<hex>".
template <std::size_t N>
void append_network_address(TextBuffer<N>& t, std::uint8_t family, ByteReader addr) noexcept {
    if (family == 1 && addr.size() == 4) {
        if (const auto a = addr.array<4>()) {
            append_ipv4(t, *a);
        }
        return;
    }
    if (family == 2 && addr.size() == 16) {
        if (const auto a = addr.array<16>()) {
            append_ipv6(t, *a);
        }
        return;
    }
    if (family == 6 && addr.size() == 6) {
        append_mac(t, addr);
        return;
    }
    t.append("af");
    t.append_uint(family);
    t.append(":");
    while (const auto b = addr.u8()) {
        t.append_hex(*b);
    }
}

// The worse of two results: truncated > malformed > limited > decoded.
[[nodiscard]] constexpr DecodeResult worse(DecodeResult a, DecodeResult b) noexcept {
    const auto rank = [](DecodeResult r) {
        switch (r) {
            case DecodeResult::truncated:
                return 4;
            case DecodeResult::malformed:
                return 3;
            case DecodeResult::unsupported:
                return 2;
            case DecodeResult::limited:
                return 1;
            default:
                return 0;
        }
    };
    return rank(a) >= rank(b) ? a : b;
}

// lldp_org.cpp: one organizationally specific TLV (type 127), its information string only.
DecodeResult read_org_tlv(ByteReader body, const PacketContext& ctx, ObservationSink& out) noexcept;

}  // namespace daicho::collectors::lldp::detail
