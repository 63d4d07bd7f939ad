#pragma once
// A small bounded BER reader over ByteReader for the SNMP decoder (ITU-T X.690 §8.1-8.3,
// §8.7, §8.19): one identifier octet (low tag numbers only), definite lengths (short form or
// long form of up to kMaxLengthOctets octets), INTEGER, OCTET STRING, NULL, OBJECT
// IDENTIFIER to dotted text; anything else is handed back as a bounded sub-reader to skip.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "daicho/collectors/byte_reader.h"

namespace daicho::collectors::snmp::ber {

// X.690 §8.1.3.5: long-form lengths; SNMP messages never need more than 4 length octets.
inline constexpr std::size_t kMaxLengthOctets = 4;
// Named limit: OID arcs decoded to text (RFC 2578 §3.5: at most 128 sub-identifiers).
inline constexpr std::size_t kMaxOidArcs = 128;
// Text of a kMaxOidArcs-arc OID: up to 10 digits per arc plus dots.
inline constexpr std::size_t kOidTextBytes = kMaxOidArcs * 11;

// Universal and SNMP tags (X.690 §8.1.2; RFC 1157 §4, RFC 3416 §3).
inline constexpr std::uint8_t kInteger = 0x02;
inline constexpr std::uint8_t kOctetString = 0x04;
inline constexpr std::uint8_t kNull = 0x05;
inline constexpr std::uint8_t kOid = 0x06;
inline constexpr std::uint8_t kSequence = 0x30;
inline constexpr std::uint8_t kIpAddress = 0x40;  // [APPLICATION 0] IMPLICIT OCTET STRING (4)

struct Element {
    std::uint8_t tag = 0;
    ByteReader value;      // bounded to the element's contents
    bool partial = false;  // the capture was cut inside the contents (allow_partial only)
};

// Reads one element's identifier and length, and hands its contents out as a sub-reader.
// allow_partial: when the capture was cut inside the contents, take what is there and mark
// the element partial (constructed elements, so a cut message still yields its head).
// Returns decoded, or malformed / truncated (per in.shortfall()).
[[nodiscard]] DecodeResult read(ByteReader& in, Element& out, bool allow_partial = false) noexcept;

// X.690 §8.3: a two's complement INTEGER of 1..8 octets.
[[nodiscard]] std::optional<std::int64_t> integer(ByteReader value) noexcept;

// X.690 §8.19: the OID as dotted text ("1.3.6.1.2.1.1.1.0") in `buf`. Returns decoded,
// malformed (empty, non-minimal sub-identifier, arc over 32 bits, cut last sub-identifier)
// or limited (more than kMaxOidArcs arcs; text holds the first kMaxOidArcs).
struct OidText {
    std::array<char, kOidTextBytes> buf{};
    std::size_t size = 0;
    [[nodiscard]] std::string_view view() const noexcept { return {buf.data(), size}; }
};
[[nodiscard]] DecodeResult oid_text(ByteReader value, OidText& out) noexcept;

}  // namespace daicho::collectors::snmp::ber
