// PLACEHOLDER until the tls decoder lands (identity-decoder issue): claims nothing.
#include "proto/tls/tls.h"

namespace daicho::collectors::tls {

DecodeResult decode(ByteReader /*in*/, const PacketContext& /*ctx*/,
                    ObservationSink& /*out*/) noexcept {
    return DecodeResult::not_mine;
}
bool probe(ByteReader /*in*/) noexcept { return false; }

}  // namespace daicho::collectors::tls
