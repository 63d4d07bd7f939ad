// Bounded BER reader for SNMP (see ber.h).
// Refs: ITU-T X.690 (02/2021) §8.1.2 (identifier octets; §8.1.2.4 high-tag-number form,
//   rejected: no SNMP type uses it), §8.1.3 (length octets: §8.1.3.4 short form, §8.1.3.5
//   long form, §8.1.3.6 indefinite form, rejected: RFC 3417 §8 requires definite lengths),
//   §8.3 INTEGER, §8.7 OCTET STRING, §8.8 NULL, §8.19 OBJECT IDENTIFIER.
// Facts: none (a parsing helper).
// Ignored: constructed OCTET STRINGs (X.690 §8.7.3; SNMP's RFC 3417 §8 forbids them) are
//   treated as any other tag: handed back to skip.

#include "proto/snmp/ber.h"

#include <charconv>

namespace daicho::collectors::snmp::ber {

DecodeResult read(ByteReader& in, Element& out, bool allow_partial) noexcept {
    const auto identifier = in.u8();
    if (!identifier) {
        return in.shortfall();
    }
    if ((*identifier & 0x1FU) == 0x1FU) {
        return DecodeResult::malformed;  // §8.1.2.4: high-tag-number form, not used by SNMP
    }
    const auto first = in.u8();
    if (!first) {
        return in.shortfall();
    }
    std::size_t length = *first;
    if ((*first & 0x80U) != 0) {
        const std::size_t octets = *first & 0x7FU;
        if (octets == 0 || octets > kMaxLengthOctets) {
            return DecodeResult::malformed;  // §8.1.3.6 indefinite; 0xFF reserved (§8.1.3.5 c)
        }
        length = 0;
        for (std::size_t i = 0; i < octets; ++i) {
            const auto b = in.u8();
            if (!b) {
                return in.shortfall();
            }
            length = (length << 8U) | *b;
        }
    }
    out.tag = *identifier;
    out.partial = false;
    if (auto value = in.take(length)) {
        out.value = *value;
        return DecodeResult::decoded;
    }
    if (allow_partial && in.capture_cut()) {
        out.value = in.take_rest();
        out.partial = true;
        return DecodeResult::decoded;
    }
    return in.shortfall();
}

std::optional<std::int64_t> integer(ByteReader value) noexcept {
    if (value.empty() || value.size() > 8) {
        return std::nullopt;  // §8.3.1: one or more octets; wider than SNMP ever sends
    }
    const auto first = value.u8();
    auto v = static_cast<std::uint64_t>((*first & 0x80U) != 0 ? ~std::uint64_t{0} : 0);
    v = (v << 8U) | *first;
    while (const auto b = value.u8()) {
        v = (v << 8U) | *b;
    }
    return static_cast<std::int64_t>(v);
}

DecodeResult oid_text(ByteReader value, OidText& out) noexcept {
    out.size = 0;
    if (value.empty()) {
        return DecodeResult::malformed;  // §8.19.1: at least one sub-identifier
    }
    const auto put = [&out](std::uint64_t v, bool dot) {
        if (dot) {
            out.buf.at(out.size++) = '.';
        }
        const auto r = std::to_chars(out.buf.data() + out.size, out.buf.data() + out.buf.size(), v);
        out.size = static_cast<std::size_t>(r.ptr - out.buf.data());
    };
    std::size_t arcs = 0;
    while (!value.empty()) {
        std::uint64_t sub = 0;
        bool first_octet = true;
        while (true) {
            const auto b = value.u8();
            if (!b) {
                return DecodeResult::malformed;  // §8.19.2: the last octet has bit 8 clear
            }
            if (first_octet && *b == 0x80U) {
                return DecodeResult::malformed;  // §8.19.2: fewest octets, no leading 0x80
            }
            first_octet = false;
            sub = (sub << 7U) | (*b & 0x7FU);
            if (sub > (arcs == 0 ? 0xFFFFFFFFULL + 80U : 0xFFFFFFFFULL)) {
                return DecodeResult::malformed;  // RFC 2578 §7.1.3: arcs fit 32 bits
            }
            if ((*b & 0x80U) == 0) {
                break;
            }
        }
        if (arcs == 0) {
            // §8.19.4: the first sub-identifier holds the first two arcs (X * 40 + Y).
            const std::uint64_t x = sub < 40 ? 0 : sub < 80 ? 1 : 2;
            put(x, false);
            put(sub - x * 40, true);
            arcs = 2;
            continue;
        }
        if (arcs >= kMaxOidArcs) {
            return DecodeResult::limited;
        }
        put(sub, true);
        ++arcs;
    }
    return DecodeResult::decoded;
}

}  // namespace daicho::collectors::snmp::ber
