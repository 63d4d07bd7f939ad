// PLACEHOLDER until the dns decoder lands (identity-decoder issue): claims nothing.
#include "proto/dns/dns.h"

namespace daicho::collectors::dns {

DecodeResult decode_dns(ByteReader /*in*/, const PacketContext& /*ctx*/,
                        ObservationSink& /*out*/) noexcept {
    return DecodeResult::not_mine;
}
DecodeResult decode_mdns(ByteReader /*in*/, const PacketContext& /*ctx*/,
                         ObservationSink& /*out*/) noexcept {
    return DecodeResult::not_mine;
}
DecodeResult decode_llmnr(ByteReader /*in*/, const PacketContext& /*ctx*/,
                          ObservationSink& /*out*/) noexcept {
    return DecodeResult::not_mine;
}

}  // namespace daicho::collectors::dns
