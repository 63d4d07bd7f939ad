// PLACEHOLDER until the netbios decoder lands (identity-decoder issue): claims nothing.
#include "proto/netbios/netbios.h"

namespace daicho::collectors::netbios {

DecodeResult decode_nbns(ByteReader /*in*/, const PacketContext& /*ctx*/,
                         ObservationSink& /*out*/) noexcept {
    return DecodeResult::not_mine;
}
DecodeResult decode_browser(ByteReader /*in*/, const PacketContext& /*ctx*/,
                            ObservationSink& /*out*/) noexcept {
    return DecodeResult::not_mine;
}

}  // namespace daicho::collectors::netbios
