// The NetBIOS session service framing of SMB on TCP 139 and 445 (registry row "smb"): the
// probe, and the hand-off of the first SMB message of a segment to smb1.cpp or smb2.cpp.
// Refs: RFC 1002 §4.3.1 (session packet: type, flags with the length extension bit, 17-bit
//   length), §4.3.5 (SESSION MESSAGE, type 0x00); MS-SMB2 §2.2.1 (0xFE 'SMB'), §2.2.41
//   (0xFD 'SMB' transform header), §2.2.42 (0xFC 'SMB' compression transform header),
//   MS-CIFS §2.2.3.1 (0xFF 'SMB'). Direct-hosted SMB on 445 uses the same 4-byte framing
//   (MS-SMB2 §2.1), so the probe looks at bytes, not ports.
// Facts: those of smb1.cpp / smb2.cpp; from a SESSION REQUEST (RFC 1002 §4.3.2, names
//   first-level encoded per RFC 1001 §14.1 / RFC 1002 §4.1): hostname of the sender from the
//   CALLING NAME (the client's NetBIOS name) and hostname of the receiver from the CALLED NAME
//   (the server's), each only for a unique-name suffix 0x00 or 0x20, and the called name not
//   "*SMBSERVER" or another "*" wildcard, nor an IPv4 address typed in its place.
// Session-service control messages (RFC 1002 §4.3.2-§4.3.7: SESSION REQUEST 0x81, POSITIVE
//   0x82 and NEGATIVE 0x83 SESSION RESPONSE, RETARGET 0x84, KEEP ALIVE 0x85) are SMB's too:
//   on TCP 139 they open the stream, so the probe claims them (with their fixed lengths); an
//   SMB message after one in the same segment is read.
// Ignored: NetBIOS scopes after the names, other
//   session-service types (`not_mine`), encrypted and
//   compressed SMB3 (`unsupported`: nothing readable). Only the first SMB message of a
//   segment is read; later PDUs in the same segment and SMB2 compounded requests
//   (NextCommand) are left: the identity messages (NEGOTIATE, SESSION_SETUP) come alone.
//
//   0      1      2       4                       4 + length
//   | 0x00 |flags | length | 0xFF/0xFE 'S' 'M' 'B' ... |

#include <cstdint>
#include <optional>
#include <string_view>

#include "proto/common/emitter.h"
#include "proto/dns/dns_message.h"
#include "proto/netbios/netbios.h"
#include "proto/smb/nbss.h"
#include "proto/smb/smb.h"

namespace daicho::collectors::smb {
namespace {

constexpr std::uint8_t kSessionMessage = 0x00;  // RFC 1002 §4.3.1 TYPE
constexpr std::uint8_t kLengthExtension = 0x01;  // RFC 1002 §4.3.1 FLAGS "E" bit
constexpr std::uint8_t kSmb1 = 0xFF;             // MS-CIFS §2.2.3.1 Protocol
constexpr std::uint8_t kSmb2 = 0xFE;             // MS-SMB2 §2.2.1 ProtocolId
constexpr std::uint8_t kSmb2Transform = 0xFD;    // MS-SMB2 §2.2.41
constexpr std::uint8_t kSmb2Compressed = 0xFC;   // MS-SMB2 §2.2.42
constexpr std::uint32_t kMinSmbMessage = 32;     // the SMB1 header; SMB2's is 64

// RFC 1002 §4.3.2-§4.3.7 session-service control messages and their trailer lengths.
constexpr std::uint8_t kSessionRequest = 0x81;
constexpr std::uint8_t kPositiveResponse = 0x82;
constexpr std::uint8_t kNegativeResponse = 0x83;
constexpr std::uint8_t kRetargetResponse = 0x84;
constexpr std::uint8_t kKeepAlive = 0x85;
constexpr std::uint16_t kNegativeLength = 1;   // §4.3.4 ERROR_CODE
constexpr std::uint16_t kRetargetLength = 6;   // §4.3.5 RETARGET_IP_ADDRESS, PORT
// §4.3.2: two encoded NetBIOS names (RFC 1002 §4.1: 1 + 32 + 1 octets each without a scope);
// a scope may lengthen them, up to 255 octets each (RFC 1002 §4.1 / RFC 1035 §2.3.4).
constexpr std::uint16_t kMinRequestLength = 68;
constexpr std::uint16_t kMaxRequestLength = 2 * 255;
constexpr std::uint8_t kEncodedNameLength = 0x20;  // §4.1: the first label, 32 half-octets

// The length of a session-service control message (after its 4-byte header) when `in` starts
// with one, else nullopt. Only the fixed lengths of each type are accepted, so a stream of
// other bytes is not claimed by chance.
std::optional<std::uint16_t> control_message(ByteReader in) noexcept {
    const auto type = in.u8();
    const auto flags = in.u8();
    const auto length = in.be16();
    if (!type || !flags || !length || *flags != 0) {
        return std::nullopt;
    }
    switch (*type) {
        case kSessionRequest: {
            const auto first_label = in.peek_u8();
            const bool names = first_label && *first_label == kEncodedNameLength;
            const bool sized = *length >= kMinRequestLength && *length <= kMaxRequestLength;
            return names && sized ? length : std::nullopt;
        }
        case kPositiveResponse:
        case kKeepAlive:
            return *length == 0 ? length : std::nullopt;
        case kNegativeResponse:
            return *length == kNegativeLength ? length : std::nullopt;
        case kRetargetResponse:
            return *length == kRetargetLength ? length : std::nullopt;
        default:
            return std::nullopt;
    }
}

// Whether a name in a session request is a host's own NetBIOS name: a workstation (0x00) or
// file server (0x20) unique name, not a wildcard ("*SMBSERVER", MS-CIFS §2.2.1.1; "*") and
// not the server's address written where its name goes (smbclient, Samba: "10.1.0.10").
bool host_name(const netbios::NetbiosName& n) noexcept {
    const std::string_view name = n.name();
    if ((n.suffix != 0x00 && n.suffix != 0x20) || name.empty() || name.front() == '*') {
        return false;
    }
    return name.find_first_not_of("0123456789.") != std::string_view::npos;
}

// RFC 1002 §4.3.2 SESSION REQUEST trailer: CALLED NAME, then CALLING NAME. Both are read
// before either is emitted, so a cut request yields nothing.
DecodeResult session_request(ByteReader trailer, const PacketContext& ctx,
                             ObservationSink& out) noexcept {
    ByteReader cursor = trailer;
    dns::NameBuffer buf{};
    std::string_view dotted;
    if (const auto r = dns::read_name(trailer, cursor, 0, buf, dotted);
        r != DecodeResult::decoded) {
        return r;
    }
    const auto called = netbios::from_encoded(dotted);  // copies out of buf
    if (const auto r = dns::read_name(trailer, cursor, 0, buf, dotted);
        r != DecodeResult::decoded) {
        return r;
    }
    const auto calling = netbios::from_encoded(dotted);
    if (!called || !calling) {
        return DecodeResult::malformed;  // RFC 1002 §4.1: both names are encoded
    }
    const Emitter emit(ctx, out, kName);
    if (host_name(*calling)) {
        emit.copy(FactKind::hostname, calling->name());
    }
    if (host_name(*called)) {
        emit.copy_about(ctx.receiver(), FactKind::hostname, called->name());
    }
    return DecodeResult::decoded;
}

struct Framing {
    std::uint32_t length = 0;
    std::uint8_t protocol = 0;
};

// Reads the session header and the protocol id; nullopt when this is not SMB.
std::optional<Framing> framing(ByteReader in) noexcept {
    const auto type = in.u8();
    const auto flags = in.u8();
    const auto length = in.be16();
    const auto protocol = in.u8();
    if (!type || !flags || !length || !protocol || *type != kSessionMessage ||
        (*flags & ~kLengthExtension) != 0 || !in.starts_with("SMB")) {
        return std::nullopt;
    }
    if (*protocol != kSmb1 && *protocol != kSmb2 && *protocol != kSmb2Transform &&
        *protocol != kSmb2Compressed) {
        return std::nullopt;
    }
    Framing f;
    f.length = ((std::uint32_t{*flags} & kLengthExtension) << 16U) | *length;
    f.protocol = *protocol;
    if (f.length < kMinSmbMessage) {
        return std::nullopt;
    }
    return f;
}

// One SESSION MESSAGE: the SMB message it frames.
DecodeResult session_message(ByteReader in, const PacketContext& ctx,
                             ObservationSink& out) noexcept {
    const auto f = framing(in);
    if (!f) {
        return DecodeResult::not_mine;  // the probe says no to the same bytes
    }
    if (f->protocol == kSmb2Transform || f->protocol == kSmb2Compressed) {
        return DecodeResult::unsupported;  // encrypted or compressed: nothing to read
    }
    if (!in.skip(4)) {
        return in.shortfall();  // unreachable: framing() read 8 bytes
    }
    // The session length frames the message. One wholly at hand is read as whole (running
    // out inside it is `malformed`, even though the stream goes on); one that continues past
    // the bytes at hand is read as far as it goes, cut, and facts come only from fields read
    // whole.
    const bool continues = f->length > in.remaining();
    const auto have = continues ? in.remaining() : std::size_t{f->length};
    auto bytes = in.bytes(have);
    if (!bytes) {
        return in.shortfall();  // unreachable
    }
    const ByteReader message(*bytes, continues);
    const DecodeResult r = f->protocol == kSmb1 ? decode_smb1(message, ctx, out)
                                                : decode_smb2(message, ctx, out);
    if (r == DecodeResult::truncated) {
        return in.shortfall();  // only a continuing message can be cut
    }
    return r;
}

}  // namespace

bool probe(ByteReader in) noexcept {
    return framing(in).has_value() || control_message(in).has_value();
}

DecodeResult decode(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept {
    if (const auto control = control_message(in)) {
        const auto type = in.peek_u8();
        if (!type || !in.skip(4)) {
            return in.shortfall();  // unreachable: control_message() read the header
        }
        const auto trailer = in.take(*control);
        if (!trailer) {
            return in.shortfall();
        }
        if (*type == kSessionRequest) {
            if (const auto r = session_request(*trailer, ctx, out); r != DecodeResult::decoded) {
                return r;
            }
        }
        // A session message in the same segment (a positive response and the NEGOTIATE
        // response sent together) is read; anything else after it is left alone.
        return framing(in) ? session_message(in.take_rest(), ctx, out) : DecodeResult::decoded;
    }
    return session_message(in, ctx, out);
}

}  // namespace daicho::collectors::smb
