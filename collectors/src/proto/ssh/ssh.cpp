// PLACEHOLDER until the ssh decoder lands (identity-decoder issue): claims nothing.
#include "proto/ssh/ssh.h"

namespace daicho::collectors::ssh {

DecodeResult decode(ByteReader /*in*/, const PacketContext& /*ctx*/,
                    ObservationSink& /*out*/) noexcept {
    return DecodeResult::not_mine;
}
bool probe(ByteReader /*in*/) noexcept { return false; }

}  // namespace daicho::collectors::ssh
