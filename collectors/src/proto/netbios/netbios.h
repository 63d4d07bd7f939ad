#pragma once
// NetBIOS over TCP/IP: the name service (registry row "nbns", udp/137, nbns.cpp) and browser
// announcements in the datagram service (row "browser", udp/138, browser.cpp).

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "daicho/collectors/decoder.h"

namespace daicho::collectors::netbios {

inline constexpr std::string_view kNameNbns = "nbns";
DecodeResult decode_nbns(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept;

inline constexpr std::string_view kNameBrowser = "browser";
DecodeResult decode_browser(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept;

// Named limits: hitting one returns `limited`, keeping the facts so far.
inline constexpr std::size_t kMaxNbAddresses = 16;   // NB_FLAGS/NB_ADDRESS pairs per RR
inline constexpr std::size_t kMaxNbstatNames = 64;   // node status name table entries
inline constexpr std::size_t kMaxCommentBytes = 256; // browser comment read (spec: <= 43)

// A NetBIOS name (RFC 1001 §14, RFC 1002 §4.1): 15 characters plus the suffix byte.
struct NetbiosName {
    std::array<char, 16> bytes{};
    std::size_t length = 0;  // without trailing spaces and NULs
    std::uint8_t suffix = 0;

    [[nodiscard]] std::string_view name() const noexcept { return {bytes.data(), length}; }
};

// The raw 16-byte form (node status tables, RFC 1002 §4.2.18).
[[nodiscard]] NetbiosName from_raw(std::string_view raw16) noexcept;
// The first-level encoding (RFC 1001 §14.1): the first label of `dotted` must be 32
// characters 'A'..'P'; the scope after it is ignored. nullopt when it is not.
[[nodiscard]] std::optional<NetbiosName> from_encoded(std::string_view dotted) noexcept;

}  // namespace daicho::collectors::netbios
