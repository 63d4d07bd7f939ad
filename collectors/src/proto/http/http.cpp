// PLACEHOLDER until the http decoder lands (identity-decoder issue): claims nothing.
#include "proto/http/http.h"

namespace daicho::collectors::http {

DecodeResult decode(ByteReader /*in*/, const PacketContext& /*ctx*/,
                    ObservationSink& /*out*/) noexcept {
    return DecodeResult::not_mine;
}
bool probe(ByteReader /*in*/) noexcept { return false; }

}  // namespace daicho::collectors::http
