// SMB2/SMB3 messages that name the endpoints: NEGOTIATE and SESSION_SETUP.
// Refs: MS-SMB2 §2.2.1.1/§2.2.1.2 (64-byte header: StructureSize 64, Status, Command,
//   Flags SMB2_FLAGS_SERVER_TO_REDIR 0x1), §2.2.2 (ERROR response), §2.2.3 (NEGOTIATE
//   request: DialectCount, Dialects), §2.2.4 (NEGOTIATE response: DialectRevision,
//   SecurityBufferOffset/Length), §2.2.5 / §2.2.6 (SESSION_SETUP request/response:
//   SecurityBufferOffset from the start of the SMB2 header -> ntlmssp.cpp).
// Facts (about the sender): client: protocol_version "smb2-dialects=0x0202,0x0210,..."
//   (NEGOTIATE request); server: protocol_version "smb 3.1.1" etc. (the DialectRevision it
//   chose); NTLMSSP facts from every security buffer.
// Ignored: negotiate contexts (cipher and hash lists), capabilities, GUIDs, every other
//   command, async headers' AsyncId, compounded requests after the first (NextCommand),
//   error responses other than STATUS_MORE_PROCESSING_REQUIRED.

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>

#include "proto/smb/facts.h"
#include "proto/smb/nbss.h"
#include "proto/smb/ntlmssp.h"
#include "proto/smb/smb.h"

namespace daicho::collectors::smb {
namespace {

constexpr std::uint16_t kHeaderSize = 64;              // MS-SMB2 §2.2.1 StructureSize
constexpr std::uint16_t kNegotiate = 0x0000;           // MS-SMB2 §2.2.1.2 Command
constexpr std::uint16_t kSessionSetup = 0x0001;
constexpr std::uint32_t kFlagServerToRedir = 0x00000001;
constexpr std::uint32_t kStatusSuccess = 0x00000000;
constexpr std::uint32_t kStatusMoreProcessing = 0xC0000016;  // MS-ERREF §2.3.1
constexpr std::uint16_t kNegotiateRequestSize = 36;          // MS-SMB2 §2.2.3
constexpr std::uint16_t kNegotiateResponseSize = 65;         // MS-SMB2 §2.2.4
constexpr std::uint16_t kSessionSetupRequestSize = 25;       // MS-SMB2 §2.2.5
constexpr std::uint16_t kSessionSetupResponseSize = 9;       // MS-SMB2 §2.2.6

// MS-SMB2 §2.2.4 DialectRevision.
constexpr std::array<std::pair<std::uint16_t, std::string_view>, 6> kDialects{{
    {0x0202, "smb 2.0.2"},
    {0x0210, "smb 2.1"},
    {0x0300, "smb 3.0"},
    {0x0302, "smb 3.0.2"},
    {0x0311, "smb 3.1.1"},
    {0x02FF, "smb 2.x"},  // the SMB1-negotiate wildcard answer: SMB2 of some version
}};

void put_hex16(std::array<char, kMaxDialectListBytes>& buf, std::size_t& used,
               std::uint16_t v) noexcept {
    constexpr std::string_view kDigits = "0123456789abcdef";
    buf.at(used++) = '0';
    buf.at(used++) = 'x';
    for (unsigned shift = 12;; shift -= 4) {
        buf.at(used++) = kDigits.at((v >> shift) & 0xFU);
        if (shift == 0) {
            break;
        }
    }
}

DecodeResult negotiate_request(const Emitter& emit, ByteReader body) noexcept {
    const auto dialect_count = body.le16();
    // SecurityMode, Reserved, Capabilities, ClientGuid, NegotiateContext fields/ClientStartTime.
    if (!dialect_count || !body.skip(2 + 2 + 4 + 16 + 8)) {
        return body.shortfall();
    }
    std::array<char, kMaxDialectListBytes> buf{};
    constexpr std::string_view kPrefix = "smb2-dialects=";
    std::size_t used = kPrefix.copy(buf.data(), kPrefix.size());
    constexpr std::size_t kPerDialect = 7;  // ",0x0311"
    static_assert(kPrefix.size() + kMaxSmb2Dialects * kPerDialect <= kMaxDialectListBytes);
    for (std::size_t i = 0; i < *dialect_count; ++i) {
        if (i >= kMaxSmb2Dialects) {
            emit.copy(FactKind::protocol_version, std::string_view(buf.data(), used));
            return DecodeResult::limited;
        }
        const auto dialect = body.le16();
        if (!dialect) {
            return body.shortfall();
        }
        if (i != 0) {
            buf.at(used++) = ',';
        }
        put_hex16(buf, used, *dialect);
    }
    if (*dialect_count == 0) {
        return DecodeResult::malformed;  // MS-SMB2 §2.2.3: "MUST be greater than 0"
    }
    emit.copy(FactKind::protocol_version, std::string_view(buf.data(), used));
    return DecodeResult::decoded;
}

// The security buffer at `offset` (from the SMB2 header) into NTLMSSP.
DecodeResult security_buffer(const Emitter& emit, ByteReader message, std::uint16_t offset,
                             std::uint16_t length) noexcept {
    if (length == 0) {
        return DecodeResult::decoded;
    }
    if (!message.skip(offset)) {
        return message.shortfall();
    }
    auto buffer = message.take(length);
    if (!buffer) {
        return message.shortfall();
    }
    return ntlmssp::decode_token(*buffer, emit.context(), emit.sink(), kName);
}

DecodeResult negotiate_response(const Emitter& emit, ByteReader message, ByteReader body) noexcept {
    const auto security_mode = body.le16();
    const auto dialect = body.le16();
    if (!security_mode || !dialect) {
        return body.shortfall();
    }
    bool known = false;
    for (const auto& [revision, name] : kDialects) {
        if (revision == *dialect) {
            emit(FactKind::protocol_version, name);
            known = true;
        }
    }
    if (!known) {
        std::array<char, kMaxDialectListBytes> buf{};
        constexpr std::string_view kPrefix = "smb2 dialect ";
        std::size_t used = kPrefix.copy(buf.data(), kPrefix.size());
        put_hex16(buf, used, *dialect);
        emit.copy(FactKind::protocol_version, std::string_view(buf.data(), used));
    }
    // NegotiateContextCount, ServerGuid, Capabilities, MaxTransact/Read/WriteSize,
    // SystemTime, ServerStartTime.
    if (!body.skip(2 + 16 + 4 + 4 + 4 + 4 + 8 + 8)) {
        return body.shortfall();
    }
    const auto offset = body.le16();
    const auto length = body.le16();
    if (!offset || !length) {
        return body.shortfall();
    }
    return security_buffer(emit, message, *offset, *length);
}

}  // namespace

DecodeResult decode_smb2(ByteReader message, const PacketContext& ctx,
                         ObservationSink& out) noexcept {
    auto header = message;
    auto fixed = header.take(kHeaderSize);
    if (!fixed) {
        return header.shortfall();
    }
    const bool skipped = fixed->skip(4);  // ProtocolId (checked by the probe)
    const auto structure_size = skipped ? fixed->le16() : std::nullopt;
    const auto credit_charge = fixed->le16();
    const auto status = fixed->le32();
    const auto command = fixed->le16();
    const auto credits = fixed->le16();
    const auto flags = fixed->le32();
    if (!structure_size || !credit_charge || !status || !command || !credits || !flags) {
        return DecodeResult::malformed;  // unreachable: the sub-reader holds 64 bytes
    }
    if (*structure_size != kHeaderSize) {
        return DecodeResult::malformed;  // MS-SMB2 §2.2.1.1: "MUST be set to 64"
    }
    if (*command != kNegotiate && *command != kSessionSetup) {
        return DecodeResult::decoded;  // the header was read; nothing else here names hosts
    }
    const bool response = (*flags & kFlagServerToRedir) != 0;
    if (response && *status != kStatusSuccess && *status != kStatusMoreProcessing) {
        return DecodeResult::decoded;  // an ERROR response (§2.2.2): no security buffer
    }
    auto body = header;  // the body follows the header
    const auto body_size = body.le16();
    if (!body_size) {
        return body.shortfall();
    }
    const Emitter emit(ctx, out, kName);
    if (*command == kNegotiate) {
        if (!response) {
            return *body_size == kNegotiateRequestSize ? negotiate_request(emit, body)
                                                       : DecodeResult::malformed;
        }
        return *body_size == kNegotiateResponseSize ? negotiate_response(emit, message, body)
                                                    : DecodeResult::malformed;
    }
    if (!response) {
        if (*body_size != kSessionSetupRequestSize) {
            return DecodeResult::malformed;
        }
        // Flags, SecurityMode, Capabilities, Channel.
        if (!body.skip(1 + 1 + 4 + 4)) {
            return body.shortfall();
        }
    } else {
        if (*body_size != kSessionSetupResponseSize) {
            return DecodeResult::malformed;
        }
        if (!body.skip(2)) {  // SessionFlags
            return body.shortfall();
        }
    }
    const auto offset = body.le16();
    const auto length = body.le16();
    if (!offset || !length) {
        return body.shortfall();
    }
    return security_buffer(emit, message, *offset, *length);
}

}  // namespace daicho::collectors::smb
