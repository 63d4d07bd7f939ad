// The NetBIOS session service framing of SMB on TCP 139 and 445 (registry row "smb"): the
// probe, and the hand-off of the first SMB message of a segment to smb1.cpp or smb2.cpp.
// Refs: RFC 1002 §4.3.1 (session packet: type, flags with the length extension bit, 17-bit
//   length), §4.3.5 (SESSION MESSAGE, type 0x00); MS-SMB2 §2.2.1 (0xFE 'SMB'), §2.2.41
//   (0xFD 'SMB' transform header), §2.2.42 (0xFC 'SMB' compression transform header),
//   MS-CIFS §2.2.3.1 (0xFF 'SMB'). Direct-hosted SMB on 445 uses the same 4-byte framing
//   (MS-SMB2 §2.1), so the probe looks at bytes, not ports.
// Facts: those of smb1.cpp / smb2.cpp.
// Ignored: session requests (type 0x81, the NetBIOS called/calling names: another issue),
//   keep-alives and the rest of the session-service types (`not_mine`), encrypted and
//   compressed SMB3 (`unsupported`: nothing readable). Only the first SMB message of a
//   segment is read; later PDUs in the same segment and SMB2 compounded requests
//   (NextCommand) are left: the identity messages (NEGOTIATE, SESSION_SETUP) come alone.
//
//   0      1      2       4                       4 + length
//   | 0x00 |flags | length | 0xFF/0xFE 'S' 'M' 'B' ... |

#include <cstdint>
#include <optional>

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

}  // namespace

bool probe(ByteReader in) noexcept { return framing(in).has_value(); }

DecodeResult decode(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept {
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

}  // namespace daicho::collectors::smb
