// PLACEHOLDER until the cdp decoder lands (identity-decoder issue): claims nothing.
#include "proto/cdp/cdp.h"

namespace daicho::collectors::cdp {

DecodeResult decode(ByteReader /*in*/, const PacketContext& /*ctx*/,
                    ObservationSink& /*out*/) noexcept {
    return DecodeResult::not_mine;
}

}  // namespace daicho::collectors::cdp
