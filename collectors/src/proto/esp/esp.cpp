// ESP: an IPsec tunnel's data, recognised by its clear-text header.
// Refs: RFC 4303 §2 (SPI 4 bytes, sequence number 4 bytes, then cipher text), §2.1 (SPI
//   values 1-255 are reserved by IANA and 0 is local use only: never on the wire); RFC 3948
//   §2.1-2.2 (ESP in UDP 4500: the SPI takes the place of the zero non-ESP marker, so a
//   datagram whose first four bytes are not zero is ESP; the ike row reads the others).
// Facts: none (the SPI and sequence are per-tunnel counters, no identity).
// Recognition: vpn, protocol "esp" (IP protocol 50) or "esp-udp" (UDP 4500).

#include "proto/esp/esp.h"

namespace daicho::collectors::esp {
namespace {

constexpr std::uint32_t kMinSpi = 256;  // RFC 4303 §2.1

DecodeResult read(ByteReader in, ObservationSink& out, std::string_view protocol) noexcept {
    const auto spi = in.be32();
    const auto seq = in.be32();
    if (!spi || !seq) {
        return in.shortfall();
    }
    if (*spi < kMinSpi) {
        return DecodeResult::malformed;
    }
    out.recognise({ServiceClass::vpn, protocol, {}, {}});
    return DecodeResult::decoded;
}

}  // namespace

DecodeResult decode(ByteReader in, const PacketContext& /*ctx*/, ObservationSink& out) noexcept {
    return read(in, out, "esp");
}

DecodeResult decode_udp(ByteReader in, const PacketContext& /*ctx*/,
                        ObservationSink& out) noexcept {
    return read(in, out, "esp-udp");
}

}  // namespace daicho::collectors::esp
