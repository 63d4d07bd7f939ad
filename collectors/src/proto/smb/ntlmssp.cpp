// NTLMSSP NEGOTIATE, CHALLENGE and AUTHENTICATE messages, wherever SMB1, SMB2 or DCE/RPC
// carry them.
// Refs: MS-NLMP §2.2.1.1 NEGOTIATE_MESSAGE, §2.2.1.2 CHALLENGE_MESSAGE, §2.2.1.3
//   AUTHENTICATE_MESSAGE, §2.2.2.1 AV_PAIR, §2.2.2.5 NEGOTIATE flags, §2.2.2.10 VERSION;
//   RFC 4178 §4.2 (SPNEGO tokens), RFC 2743 §3.1 (GSS-API token framing).
// Facts (about the sender): os "Windows <major>.<minor>.<build>" from VERSION when
//   NTLMSSP_NEGOTIATE_VERSION is set (all three messages); CHALLENGE (server): TargetName as
//   hostname (TARGET_TYPE_SERVER) or workgroup (TARGET_TYPE_DOMAIN), AV pairs
//   MsvAvNbComputerName and MsvAvDnsComputerName -> hostname, MsvAvNbDomainName ->
//   workgroup, MsvAvDnsDomainName -> domain_name; AUTHENTICATE (client): Workstation ->
//   hostname, DomainName -> workgroup (the account's domain: for a local account of the
//   server this is the server's name, so it is a claim, not proof of membership);
//   NEGOTIATE: OEM DomainName/Workstation when their "supplied" flags are set.
// Ignored, deliberately: UserName (personal data of staff: never read, its field is
//   skipped unparsed), LmChallengeResponse, NtChallengeResponse (hashes, and the NTLMv2
//   blob's copy of the server's AV pairs), EncryptedRandomSessionKey, MIC, the server
//   challenge, MsvAvDnsTreeName (forest name), timestamps and channel bindings.
// The signature is found by a bounded byte scan (kMaxSignatureScan), not by decoding the
//   SPNEGO/GSS-API DER: the wrappers vary (raw NTLMSSP in old SMB1 and DCE/RPC auth_type 10,
//   negTokenInit vs negTokenResp, optional mechListMIC) and a DER walker adds attack surface
//   and no facts; the 8-byte signature plus the message-type and bounds checks reject
//   chance matches. The message then runs to the end of the token; payload offsets are
//   relative to the signature (MS-NLMP §2.2), so a trailing mechListMIC does no harm.
//
//   0        8     12                                   (fixed part)          payload
//   |NTLMSSP\0|type| fields: len16 maxlen16 offset32 ... flags32 ... VERSION | strings ...

#include "proto/smb/ntlmssp.h"

#include <array>
#include <charconv>
#include <cstdint>
#include <optional>

#include "proto/smb/facts.h"

namespace daicho::collectors::smb::ntlmssp {
namespace {

constexpr std::string_view kSignature{"NTLMSSP\0", 8};  // MS-NLMP §2.2.1.1 Signature
constexpr std::uint32_t kNegotiate = 1;                 // MessageType
constexpr std::uint32_t kChallenge = 2;
constexpr std::uint32_t kAuthenticate = 3;

// MS-NLMP §2.2.2.5 NEGOTIATE flags.
constexpr std::uint32_t kFlagUnicode = 0x00000001;
constexpr std::uint32_t kFlagOemDomainSupplied = 0x00001000;
constexpr std::uint32_t kFlagOemWorkstationSupplied = 0x00002000;
constexpr std::uint32_t kFlagTargetTypeDomain = 0x00010000;
constexpr std::uint32_t kFlagTargetTypeServer = 0x00020000;
constexpr std::uint32_t kFlagVersion = 0x02000000;

// MS-NLMP §2.2.2.1 AvId.
constexpr std::uint16_t kMsvAvEol = 0;
constexpr std::uint16_t kMsvAvNbComputerName = 1;
constexpr std::uint16_t kMsvAvNbDomainName = 2;
constexpr std::uint16_t kMsvAvDnsComputerName = 3;
constexpr std::uint16_t kMsvAvDnsDomainName = 4;

// A payload field descriptor: Len, MaxLen, BufferOffset (MS-NLMP §2.2.1.1).
struct Field {
    std::uint16_t len = 0;
    std::uint32_t offset = 0;
};

std::optional<Field> read_field(ByteReader& r) noexcept {
    const auto len = r.le16();
    const auto max_len = r.le16();
    const auto offset = r.le32();
    if (!len || !max_len || !offset) {
        return std::nullopt;
    }
    return Field{*len, *offset};
}

// The payload a field points at, counted from the signature (`message` is positioned there).
std::optional<ByteReader> payload(ByteReader message, Field f) noexcept {
    if (!message.skip(f.offset)) {
        return std::nullopt;
    }
    return message.take(f.len);
}

// Emits a string field; false when the payload lies past the bytes at hand.
bool emit_field(const Emitter& c, ByteReader message, Field f, FactKind kind,
                bool unicode) noexcept {
    if (f.len == 0) {
        return true;
    }
    auto text = payload(message, f);
    if (!text) {
        return false;
    }
    emit_string(c, kind, *text, unicode);
    return true;
}

// MS-NLMP §2.2.2.10 VERSION: ProductMajorVersion, ProductMinorVersion, ProductBuild,
// Reserved[3], NTLMRevisionCurrent.
bool read_version(const Emitter& c, ByteReader& r) noexcept {
    auto version = r.take(8);
    if (!version) {
        return false;
    }
    const auto major = version->u8();
    const auto minor = version->u8();
    const auto build = version->le16();
    if (!major || !minor || !build) {
        return false;  // unreachable: the sub-reader holds 8 bytes
    }
    if (*major == 0) {
        return true;  // VERSION zeroed: nothing claimed
    }
    std::array<char, 32> buf{};
    constexpr std::string_view kPrefix = "Windows ";
    std::size_t used = kPrefix.copy(buf.data(), kPrefix.size());
    const auto put = [&](unsigned v, char sep) {
        auto [end, ec] = std::to_chars(buf.data() + used, buf.data() + buf.size() - 1, v);
        used = static_cast<std::size_t>(end - buf.data());
        if (sep != 0 && ec == std::errc{}) {
            buf.at(used++) = sep;
        }
    };
    put(*major, '.');
    put(*minor, '.');
    put(*build, 0);
    c.copy(FactKind::os, std::string_view(buf.data(), used));
    return true;
}

DecodeResult read_negotiate(const Emitter& c, ByteReader message, ByteReader r) noexcept {
    const auto flags = r.le32();
    if (!flags) {
        return r.shortfall();
    }
    if (r.remaining() < 16 && !r.capture_cut()) {
        return DecodeResult::decoded;  // pre-NTLMv2 NEGOTIATE without the optional fields
    }
    const auto domain = read_field(r);
    const auto workstation = read_field(r);
    if (!domain || !workstation) {
        return r.shortfall();
    }
    if ((*flags & kFlagVersion) != 0 && !read_version(c, r)) {
        return r.shortfall();
    }
    // MS-NLMP §2.2.1.1: both are OEM strings, present only with their "supplied" flag.
    if ((*flags & kFlagOemDomainSupplied) != 0 &&
        !emit_field(c, message, *domain, FactKind::workgroup, false)) {
        return message.shortfall();
    }
    if ((*flags & kFlagOemWorkstationSupplied) != 0 &&
        !emit_field(c, message, *workstation, FactKind::hostname, false)) {
        return message.shortfall();
    }
    return DecodeResult::decoded;
}

DecodeResult read_target_info(const Emitter& c, ByteReader info) noexcept {
    for (std::size_t seen = 0; !info.empty(); ++seen) {
        if (seen >= kMaxAvPairs) {
            return DecodeResult::limited;
        }
        const auto av_id = info.le16();
        const auto av_len = info.le16();
        if (!av_id || !av_len) {
            return info.shortfall();
        }
        if (*av_id == kMsvAvEol) {
            return DecodeResult::decoded;  // MS-NLMP §2.2.2.1: the list ends here
        }
        auto value = info.take(*av_len);
        if (!value) {
            return info.shortfall();
        }
        switch (*av_id) {
            case kMsvAvNbComputerName:
            case kMsvAvDnsComputerName:
                emit_string(c, FactKind::hostname, *value, true);
                break;
            case kMsvAvNbDomainName:
                emit_string(c, FactKind::workgroup, *value, true);
                break;
            case kMsvAvDnsDomainName:
                emit_string(c, FactKind::domain_name, *value, true);
                break;
            default:
                break;  // tree name, flags, timestamp, single host, target name, bindings
        }
    }
    return DecodeResult::decoded;
}

DecodeResult read_challenge(const Emitter& c, ByteReader message, ByteReader r) noexcept {
    const auto target_name = read_field(r);
    const auto flags = r.le32();
    const bool fixed_ok = target_name && flags && r.skip(8 + 8);  // ServerChallenge, Reserved
    const auto target_info = fixed_ok ? read_field(r) : std::nullopt;
    if (!target_info) {
        return r.shortfall();
    }
    if ((*flags & kFlagVersion) != 0 && !read_version(c, r)) {
        return r.shortfall();
    }
    const bool unicode = (*flags & kFlagUnicode) != 0;
    if ((*flags & kFlagTargetTypeServer) != 0) {
        if (!emit_field(c, message, *target_name, FactKind::hostname, unicode)) {
            return message.shortfall();
        }
    } else if ((*flags & kFlagTargetTypeDomain) != 0) {
        if (!emit_field(c, message, *target_name, FactKind::workgroup, unicode)) {
            return message.shortfall();
        }
    }
    if (target_info->len == 0) {
        return DecodeResult::decoded;
    }
    auto info = payload(message, *target_info);
    if (!info) {
        return message.shortfall();
    }
    return read_target_info(c, *info);
}

DecodeResult read_authenticate(const Emitter& c, ByteReader message, ByteReader r) noexcept {
    // LmChallengeResponseFields, NtChallengeResponseFields: hashes, skipped unread.
    if (!r.skip(8 + 8)) {
        return r.shortfall();
    }
    const auto domain = read_field(r);
    // UserNameFields: personal data, skipped unread (never located, never decoded).
    const bool user_skipped = domain && r.skip(8);
    const auto workstation = user_skipped ? read_field(r) : std::nullopt;
    // EncryptedRandomSessionKeyFields: skipped unread.
    const bool key_skipped = workstation && r.skip(8);
    const auto flags = key_skipped ? r.le32() : std::nullopt;
    if (!flags) {
        return r.shortfall();
    }
    if ((*flags & kFlagVersion) != 0 && !read_version(c, r)) {
        return r.shortfall();
    }
    const bool unicode = (*flags & kFlagUnicode) != 0;
    if (!emit_field(c, message, *workstation, FactKind::hostname, unicode) ||
        !emit_field(c, message, *domain, FactKind::workgroup, unicode)) {
        return message.shortfall();
    }
    return DecodeResult::decoded;
}

}  // namespace

DecodeResult decode_token(ByteReader token, const PacketContext& ctx, ObservationSink& out,
                          std::string_view source) noexcept {
    std::optional<ByteReader> message;
    for (std::size_t at = 0; at < kMaxSignatureScan && at < token.remaining(); ++at) {
        auto candidate = token;
        if (candidate.skip(at) && candidate.starts_with(kSignature)) {
            message = candidate.take_rest();
            break;
        }
    }
    if (!message) {
        // Not found: no NTLMSSP here, unless the token was cut before the scan window ended.
        const bool scanned_all = token.remaining() >= kMaxSignatureScan + kSignature.size();
        return token.capture_cut() && !scanned_all ? DecodeResult::truncated
                                                   : DecodeResult::decoded;
    }
    auto r = *message;
    const auto type = r.skip(kSignature.size()) ? r.le32() : std::nullopt;
    if (!type) {
        return r.shortfall();
    }
    const Emitter c(ctx, out, source);
    switch (*type) {
        case kNegotiate:
            return read_negotiate(c, *message, r);
        case kChallenge:
            return read_challenge(c, *message, r);
        case kAuthenticate:
            return read_authenticate(c, *message, r);
        default:
            return DecodeResult::malformed;  // MS-NLMP §2.2.1: MessageType is 1, 2 or 3
    }
}

}  // namespace daicho::collectors::smb::ntlmssp
