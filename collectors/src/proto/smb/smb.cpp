// PLACEHOLDER until the smb decoder lands (identity-decoder issue): claims nothing.
#include "proto/smb/smb.h"

namespace daicho::collectors::smb {

DecodeResult decode(ByteReader /*in*/, const PacketContext& /*ctx*/,
                    ObservationSink& /*out*/) noexcept {
    return DecodeResult::not_mine;
}
bool probe(ByteReader /*in*/) noexcept { return false; }
DecodeResult decode_dcerpc(ByteReader /*in*/, const PacketContext& /*ctx*/,
                           ObservationSink& /*out*/) noexcept {
    return DecodeResult::not_mine;
}
bool probe_dcerpc(ByteReader /*in*/) noexcept { return false; }

}  // namespace daicho::collectors::smb
