// PLACEHOLDER until the lldp decoder lands (identity-decoder issue): claims nothing.
#include "proto/lldp/lldp.h"

namespace daicho::collectors::lldp {

DecodeResult decode(ByteReader /*in*/, const PacketContext& /*ctx*/,
                    ObservationSink& /*out*/) noexcept {
    return DecodeResult::not_mine;
}

}  // namespace daicho::collectors::lldp
