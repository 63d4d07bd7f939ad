// Connection-oriented DCE/RPC PDUs with an NTLMSSP auth verifier (registry row "dcerpc"):
// the probe and the hand-off of the verifier to ntlmssp.cpp.
// Refs: C706 (DCE 1.1: RPC) §12.6.3.1 (common header: rpc_vers 5, rpc_vers_minor, PTYPE,
//   pfc_flags, packed_drep, frag_length, auth_length, call_id), §12.6.4 (PTYPE values),
//   §14.1 (NDR data representation: drep[0] high nibble 1 = little-endian integers),
//   §13.2.6.1 (auth_verifier at the end of the PDU); MS-RPCE §2.2.2.11 (sec_trailer:
//   auth_type, auth_level, auth_pad_length, auth_reserved, auth_context_id, at
//   frag_length - auth_length - 8), §2.2.1.1.7 (auth_type 9 = RPC_C_AUTHN_GSS_NEGOTIATE
//   (SPNEGO), 10 = RPC_C_AUTHN_WINNT (NTLMSSP)).
// Facts: the NTLMSSP facts about the sender (bind / alter_context / auth3 from the client,
//   bind_ack / alter_context_resp from the server).
// Ignored: the stub data and every interface UUID (what is called is not who calls),
//   Kerberos and other auth types, PDUs after the first in a segment, fragments after the
//   first of a call (their verifiers sign, they do not authenticate).
//
//   0    1     2     3     4       8       10      12     16          frag_length
//   |ver |minor|ptype|flags| drep  |frag_len|auth_len|call_id| body ... |sec_trailer(8)|auth|

#include <array>
#include <cstdint>
#include <optional>

#include "proto/smb/ntlmssp.h"
#include "proto/smb/smb.h"

namespace daicho::collectors::smb {
namespace {

constexpr std::uint8_t kRpcVers = 5;          // C706 §12.6.3.1
constexpr std::uint8_t kMaxRpcVersMinor = 1;  // 5.0 and 5.1
constexpr std::size_t kCommonHeader = 16;
constexpr std::size_t kSecTrailer = 8;              // MS-RPCE §2.2.2.11
constexpr std::uint8_t kAuthTypeSpnego = 9;         // MS-RPCE §2.2.1.1.7
constexpr std::uint8_t kAuthTypeNtlmssp = 10;
constexpr std::uint8_t kDrepLittleEndian = 0x10;    // C706 §14.1 integer representation

// C706 §12.6.4 PTYPE values of connection-oriented PDUs.
constexpr std::array<std::uint8_t, 12> kPtypes{
    0,   // request
    2,   // response
    3,   // fault
    11,  // bind
    12,  // bind_ack
    13,  // bind_nak
    14,  // alter_context
    15,  // alter_context_resp
    16,  // auth3 (MS-RPCE §2.2.2.10)
    17,  // shutdown
    18,  // co_cancel
    19,  // orphaned
};

struct Header {
    std::uint8_t ptype = 0;
    std::uint16_t frag_length = 0;
    std::uint16_t auth_length = 0;
};

std::optional<Header> header(ByteReader in) noexcept {
    const auto vers = in.u8();
    const auto minor = in.u8();
    const auto ptype = in.u8();
    const auto flags = in.u8();
    const auto drep = in.array<4>();
    if (!vers || !minor || !ptype || !flags || !drep) {
        return std::nullopt;
    }
    if (*vers != kRpcVers || *minor > kMaxRpcVersMinor) {
        return std::nullopt;
    }
    bool known = false;
    for (const auto t : kPtypes) {
        known = known || t == *ptype;
    }
    // drep[0]: integer representation in the high nibble (0 big, 1 little endian), character
    // representation in the low nibble (0 ASCII, 1 EBCDIC); drep[1] float representation 0-3.
    if (!known || ((*drep)[0] & 0xEEU) != 0 || (*drep)[1] > 3) {
        return std::nullopt;
    }
    const bool little = ((*drep)[0] & 0xF0U) == kDrepLittleEndian;
    const auto frag = little ? in.le16() : in.be16();
    const auto auth = little ? in.le16() : in.be16();
    if (!frag || !auth) {
        return std::nullopt;
    }
    // A sane fragment holds the header, and the trailer plus verifier when there is one.
    const std::size_t need = kCommonHeader + (*auth == 0 ? 0 : kSecTrailer + *auth);
    if (*frag < need) {
        return std::nullopt;
    }
    return Header{*ptype, *frag, *auth};
}

}  // namespace

bool probe_dcerpc(ByteReader in) noexcept { return header(in).has_value(); }

DecodeResult decode_dcerpc(ByteReader in, const PacketContext& ctx,
                           ObservationSink& out) noexcept {
    const auto h = header(in);
    if (!h) {
        return DecodeResult::not_mine;  // the probe says no to the same bytes
    }
    if (h->auth_length == 0) {
        return DecodeResult::decoded;  // no verifier: nothing names anyone
    }
    const auto frag = in.bytes(h->frag_length);
    if (!frag) {
        return in.shortfall();  // the fragment continues past the bytes at hand
    }
    // frag_length frames the PDU: inside it, running out is `malformed`.
    ByteReader pdu(*frag, false);
    if (!pdu.skip(std::size_t{h->frag_length} - h->auth_length - kSecTrailer)) {
        return DecodeResult::malformed;  // unreachable: header() checked frag_length
    }
    const auto auth_type = pdu.u8();
    if (!auth_type || !pdu.skip(kSecTrailer - 1)) {
        return pdu.shortfall();
    }
    if (*auth_type != kAuthTypeNtlmssp && *auth_type != kAuthTypeSpnego) {
        return DecodeResult::decoded;  // Kerberos, Netlogon secure channel, ...: not read
    }
    return ntlmssp::decode_token(pdu.take_rest(), ctx, out, kNameDcerpc);
}

}  // namespace daicho::collectors::smb
