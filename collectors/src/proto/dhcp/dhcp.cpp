// PLACEHOLDER until the dhcp decoder lands (identity-decoder issue): claims nothing.
#include "proto/dhcp/dhcp.h"

namespace daicho::collectors::dhcp {

DecodeResult decode(ByteReader /*in*/, const PacketContext& /*ctx*/,
                    ObservationSink& /*out*/) noexcept {
    return DecodeResult::not_mine;
}

}  // namespace daicho::collectors::dhcp
