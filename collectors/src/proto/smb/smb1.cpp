// SMB1 (CIFS) messages that name the endpoints: NEGOTIATE and SESSION_SETUP_ANDX.
// Refs: MS-CIFS §2.2.3.1 (header: Command, Flags SMB_FLAGS_REPLY 0x80, Flags2
//   SMB_FLAGS2_UNICODE 0x8000), §2.2.3.2-3 (WordCount/Words, ByteCount/Bytes),
//   §2.2.4.52.1/.2 (NEGOTIATE request dialect strings; response DialectIndex, Capabilities,
//   ChallengeLength, Challenge, DomainName, ServerName), §2.2.4.53.1/.2 (SESSION_SETUP_ANDX
//   request WordCount 13 and response WordCount 3: AccountName, PrimaryDomain, NativeOS,
//   NativeLanMan), §2.2.3.3 ("Unicode strings ... aligned to 16-bit boundary relative to the
//   start of the SMB header": the pad byte); MS-SMB §2.2.4.5.2 (extended-security NEGOTIATE
//   response), §2.2.4.6.1/.2 (extended-security SESSION_SETUP_ANDX, WordCount 12 and 4,
//   SecurityBlob -> ntlmssp.cpp).
// Facts (about the sender): client: protocol_version "smb1-dialects=<d1>,<d2>,..."
//   (NEGOTIATE request), os = NativeOS, software = NativeLanMan, workgroup = PrimaryDomain;
//   server: protocol_version "smb 1" (it accepted an SMB1 dialect), workgroup = DomainName
//   and hostname = ServerName (non-extended NEGOTIATE response), os/software/workgroup from
//   the SESSION_SETUP_ANDX response; NTLMSSP facts from every SecurityBlob.
// Ignored: AccountName (personal data: skipped unread), OEM/Unicode passwords (secrets),
//   the Challenge, every other command, the AndX chain after the first command.

#include <array>
#include <cstdint>
#include <optional>

#include "proto/smb/facts.h"
#include "proto/smb/nbss.h"
#include "proto/smb/ntlmssp.h"
#include "proto/smb/smb.h"

namespace daicho::collectors::smb {
namespace {

constexpr std::uint8_t kComNegotiate = 0x72;         // MS-CIFS §2.2.2.1
constexpr std::uint8_t kComSessionSetupAndx = 0x73;  // MS-CIFS §2.2.2.1
constexpr std::uint8_t kFlagsReply = 0x80;           // MS-CIFS §2.2.3.1 SMB_FLAGS_REPLY
constexpr std::uint16_t kFlags2Unicode = 0x8000;     // SMB_FLAGS2_UNICODE
constexpr std::uint32_t kCapExtendedSecurity = 0x80000000;  // MS-CIFS §2.2.4.52.2
constexpr std::uint8_t kDialectBufferFormat = 0x02;  // MS-CIFS §2.2.4.52.1
constexpr std::size_t kHeaderSize = 32;
constexpr std::uint16_t kNoDialect = 0xFFFF;  // MS-CIFS §2.2.4.52.2 DialectIndex

struct Message {
    std::uint8_t command = 0;
    bool reply = false;
    bool unicode = false;
    std::uint32_t status = 0;
    std::uint8_t word_count = 0;
    ByteReader words;
    ByteReader bytes;
    std::size_t bytes_offset = 0;  // of Bytes, from the start of the SMB header
};

// A NUL-terminated string of the message's encoding, as a sub-reader without the NUL. The
// end of Bytes ends the last string too (some stacks omit its terminator).
std::optional<ByteReader> take_string(ByteReader& bytes, bool unicode) noexcept {
    const std::size_t unit = unicode ? 2 : 1;
    auto scan = bytes;
    std::size_t len = 0;
    while (scan.remaining() >= unit) {  // bounded by ByteCount (at most 65535 bytes)
        const auto c = unicode ? scan.le16() : std::optional<std::uint16_t>(scan.u8());
        if (!c || *c == 0) {
            break;
        }
        len += unit;
    }
    auto text = bytes.take(len);
    if (!text) {
        return std::nullopt;  // unreachable: scanned above
    }
    (void)bytes.skip(bytes.remaining() >= unit ? unit : bytes.remaining());  // the NUL
    return text;
}

// Skips the pad that aligns Unicode strings to an even offset from the header (§2.2.3.3).
bool align(ByteReader& bytes, std::size_t bytes_offset, bool unicode) noexcept {
    if (!unicode || ((bytes_offset + bytes.offset()) % 2) == 0) {
        return true;
    }
    return bytes.skip(1);
}

void emit_named(const Emitter& emit, FactKind kind, const std::optional<ByteReader>& text,
                bool unicode) noexcept {
    if (text) {
        emit_string(emit, kind, *text, unicode);
    }
}

DecodeResult negotiate_request(const Emitter& emit, Message& m) noexcept {
    std::array<char, kMaxDialectListBytes> buf{};
    constexpr std::string_view kPrefix = "smb1-dialects=";
    std::size_t used = kPrefix.copy(buf.data(), kPrefix.size());
    bool overflow = false;
    std::size_t count = 0;
    while (!m.bytes.empty()) {
        if (count >= kMaxSmb1Dialects) {
            emit.copy(FactKind::protocol_version, std::string_view(buf.data(), used));
            return DecodeResult::limited;
        }
        const auto format = m.bytes.u8();
        if (!format) {
            return m.bytes.shortfall();
        }
        if (*format != kDialectBufferFormat) {
            return DecodeResult::malformed;  // MS-CIFS §2.2.4.52.1 BufferFormat 0x02
        }
        const auto dialect = take_string(m.bytes, false);
        if (!dialect) {
            return m.bytes.shortfall();
        }
        const auto name = dialect->rest_chars();
        const std::size_t need = name.size() + (count == 0 ? 0 : 1);
        if (!overflow && buf.size() - used >= need) {
            if (count != 0) {
                buf.at(used++) = ',';
            }
            used += name.copy(buf.data() + used, name.size());
        } else {
            overflow = true;  // the list is capped; later dialects are counted, not listed
        }
        ++count;
    }
    emit.copy(FactKind::protocol_version, std::string_view(buf.data(), used));
    return DecodeResult::decoded;
}

DecodeResult negotiate_response(const Emitter& emit, Message& m) noexcept {
    const auto dialect_index = m.words.le16();
    if (!dialect_index) {
        return m.word_count == 0 ? DecodeResult::decoded : m.words.shortfall();
    }
    if (*dialect_index == kNoDialect) {
        return DecodeResult::decoded;  // the server accepted none of the client's dialects
    }
    emit(FactKind::protocol_version, "smb 1");
    if (m.word_count != 17) {
        return DecodeResult::decoded;  // pre-NT LM 0.12 dialects: no names here
    }
    // SecurityMode 1, MaxMpxCount 2, MaxNumberVcs 2, MaxBufferSize 4, MaxRawSize 4, SessionKey 4.
    const bool skipped = m.words.skip(1 + 2 + 2 + 4 + 4 + 4);
    const auto capabilities = skipped ? m.words.le32() : std::nullopt;
    const bool skipped_time = capabilities && m.words.skip(8 + 2);  // SystemTime, TimeZone
    const auto challenge_length = skipped_time ? m.words.u8() : std::nullopt;
    if (!challenge_length) {
        return m.words.shortfall();
    }
    if ((*capabilities & kCapExtendedSecurity) != 0) {
        // MS-SMB §2.2.4.5.2: ServerGUID, then a SPNEGO negTokenInit (rarely NTLMSSP).
        if (!m.bytes.skip(16)) {
            return m.bytes.shortfall();
        }
        return ntlmssp::decode_token(m.bytes.take_rest(), emit.context(), emit.sink(), kName);
    }
    // MS-CIFS §2.2.4.52.2: Challenge, DomainName, ServerName (Windows does not pad these).
    if (!m.bytes.skip(*challenge_length)) {
        return m.bytes.shortfall();
    }
    const auto domain = take_string(m.bytes, m.unicode);
    emit_named(emit, FactKind::workgroup, domain, m.unicode);
    const auto server = take_string(m.bytes, m.unicode);
    emit_named(emit, FactKind::hostname, server, m.unicode);
    return DecodeResult::decoded;
}

DecodeResult session_setup(const Emitter& emit, Message& m) noexcept {
    // Words: AndXCommand, AndXReserved, AndXOffset, then per form (see the header comment).
    if (!m.words.skip(4)) {
        return m.word_count == 0 ? DecodeResult::decoded : m.words.shortfall();
    }
    std::uint16_t blob_length = 0;
    std::uint16_t oem_password = 0;
    std::uint16_t unicode_password = 0;
    bool extended = false;
    bool account_first = false;
    if (!m.reply && (m.word_count == 12 || m.word_count == 13)) {
        // MaxBufferSize, MaxMpxCount, VcNumber, SessionKey.
        if (!m.words.skip(2 + 2 + 2 + 4)) {
            return m.words.shortfall();
        }
        const auto a = m.words.le16();
        const auto b = m.word_count == 13 ? m.words.le16() : std::optional<std::uint16_t>(0);
        if (!a || !b) {
            return m.words.shortfall();
        }
        extended = m.word_count == 12;
        blob_length = extended ? *a : 0;
        oem_password = extended ? 0 : *a;
        unicode_password = extended ? 0 : *b;
        account_first = !extended;
    } else if (m.reply && (m.word_count == 3 || m.word_count == 4)) {
        const auto action = m.words.le16();
        const auto len = m.word_count == 4 ? m.words.le16() : std::optional<std::uint16_t>(0);
        if (!action || !len) {
            return m.words.shortfall();
        }
        extended = m.word_count == 4;
        blob_length = *len;
    } else {
        return DecodeResult::decoded;  // another form (pre-NT LM 0.12): not read
    }
    DecodeResult result = DecodeResult::decoded;
    if (extended) {
        auto blob = m.bytes.take(blob_length);
        if (!blob) {
            return m.bytes.shortfall();
        }
        result = ntlmssp::decode_token(*blob, emit.context(), emit.sink(), kName);
    } else if (!m.bytes.skip(std::size_t{oem_password} + unicode_password)) {
        return m.bytes.shortfall();  // passwords: skipped unread
    }
    if (!align(m.bytes, m.bytes_offset, m.unicode)) {
        return m.bytes.shortfall();
    }
    std::optional<ByteReader> primary_domain;
    if (account_first) {
        if (!take_string(m.bytes, m.unicode)) {  // AccountName: skipped unread (privacy)
            return m.bytes.shortfall();
        }
        primary_domain = take_string(m.bytes, m.unicode);
    }
    const auto native_os = take_string(m.bytes, m.unicode);
    const auto native_lanman = take_string(m.bytes, m.unicode);
    if (!account_first) {
        primary_domain = take_string(m.bytes, m.unicode);  // extended and response forms
    }
    emit_named(emit, FactKind::os, native_os, m.unicode);
    emit_named(emit, FactKind::software, native_lanman, m.unicode);
    emit_named(emit, FactKind::workgroup, primary_domain, m.unicode);
    return result;
}

}  // namespace

DecodeResult decode_smb1(ByteReader message, const PacketContext& ctx,
                         ObservationSink& out) noexcept {
    auto header = message.take(kHeaderSize);
    if (!header) {
        return message.shortfall();
    }
    Message m;
    const bool fixed = header->skip(4);  // Protocol (checked by the probe)
    const auto command = fixed ? header->u8() : std::nullopt;
    const auto status = header->le32();
    const auto flags = header->u8();
    const auto flags2 = header->le16();
    if (!command || !status || !flags || !flags2) {
        return DecodeResult::malformed;  // unreachable: the sub-reader holds 32 bytes
    }
    m.command = *command;
    m.status = *status;
    m.reply = (*flags & kFlagsReply) != 0;
    m.unicode = (*flags2 & kFlags2Unicode) != 0;
    if (m.command != kComNegotiate && m.command != kComSessionSetupAndx) {
        return DecodeResult::decoded;  // the SMB header was read; nothing else here names hosts
    }
    const auto word_count = message.u8();
    if (!word_count) {
        return message.shortfall();
    }
    m.word_count = *word_count;
    auto words = message.take(std::size_t{*word_count} * 2);
    if (!words) {
        return message.shortfall();
    }
    m.words = *words;
    const auto byte_count = message.le16();
    if (!byte_count) {
        return message.shortfall();
    }
    m.bytes_offset = message.offset();
    auto bytes = message.take(*byte_count);
    if (!bytes) {
        return message.shortfall();
    }
    m.bytes = *bytes;
    const Emitter emit(ctx, out, kName);
    if (m.command == kComNegotiate) {
        return m.reply ? negotiate_response(emit, m) : negotiate_request(emit, m);
    }
    return session_setup(emit, m);
}

}  // namespace daicho::collectors::smb
