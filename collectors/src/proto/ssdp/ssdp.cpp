// PLACEHOLDER until the ssdp decoder lands (identity-decoder issue): claims nothing.
#include "proto/ssdp/ssdp.h"

namespace daicho::collectors::ssdp {

DecodeResult decode(ByteReader /*in*/, const PacketContext& /*ctx*/,
                    ObservationSink& /*out*/) noexcept {
    return DecodeResult::not_mine;
}

}  // namespace daicho::collectors::ssdp
