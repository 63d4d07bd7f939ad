#pragma once
// The handshake message readers of the tls decoder (one file per message) and the small
// text builder they format values with. Private to proto/tls.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "daicho/collectors/decoder.h"
#include "proto/common/text.h"

namespace daicho::collectors::tls {

// RFC 8701 GREASE values: 0x?a?a with equal bytes.
[[nodiscard]] constexpr bool is_grease(std::uint16_t v) noexcept {
    return (v & 0x0F0FU) == 0x0A0AU && (v >> 8U) == (v & 0xFFU);
}

// Appends into a fixed stack buffer; once full, further text is dropped and full() is set.
template <std::size_t N>
using Text = text::FixedText<N>;

// "tls 1.2" and friends for a wire version (RFC 8446 §4.2.1, RFC 5246 §6.2.1).
[[nodiscard]] std::string_view version_name(std::uint16_t v) noexcept;

// Each reads one handshake message body (after the 4-byte header). `body` is cut when the
// message continues past the bytes gathered so far.
DecodeResult read_client_hello(ByteReader body, const PacketContext& ctx,
                               ObservationSink& out) noexcept;
// Sets `tls13` when the server selected TLS 1.3 (nothing clear-text follows).
DecodeResult read_server_hello(ByteReader body, const PacketContext& ctx, ObservationSink& out,
                               bool& tls13) noexcept;
DecodeResult read_certificate(ByteReader body, const PacketContext& ctx,
                              ObservationSink& out) noexcept;

}  // namespace daicho::collectors::tls
