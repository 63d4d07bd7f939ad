// PLACEHOLDER until the snmp decoder lands (identity-decoder issue): claims nothing.
#include "proto/snmp/snmp.h"

namespace daicho::collectors::snmp {

DecodeResult decode(ByteReader /*in*/, const PacketContext& /*ctx*/,
                    ObservationSink& /*out*/) noexcept {
    return DecodeResult::not_mine;
}

}  // namespace daicho::collectors::snmp
