// PLACEHOLDER until the dhcpv6 decoder lands (identity-decoder issue): claims nothing.
#include "proto/dhcpv6/dhcpv6.h"

namespace daicho::collectors::dhcpv6 {

DecodeResult decode(ByteReader /*in*/, const PacketContext& /*ctx*/,
                    ObservationSink& /*out*/) noexcept {
    return DecodeResult::not_mine;
}

}  // namespace daicho::collectors::dhcpv6
