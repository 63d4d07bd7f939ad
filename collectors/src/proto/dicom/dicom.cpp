// DICOM upper layer protocol over TCP, recognised by PDU structure on any port: the
// association PDUs and the first DIMSE message of each P-DATA-TF run.
// Refs: DICOM PS3.8 §9.3.1 (PDU types and header), §9.3.2-9.3.4 (A-ASSOCIATE-RQ/AC/RJ fixed
//   fields and items), §9.3.5 (P-DATA-TF, PDV items), §9.3.6-9.3.8 (A-RELEASE, A-ABORT),
//   Annex E (message control header); PS3.7 §9.3, §10.3, Annex E (DIMSE command set, always
//   Implicit VR Little Endian); PS3.5 §7.1 (data elements, explicit and implicit VR), §7.5
//   (sequences of undefined length, item and delimitation tags).
// Facts (source "dicom"; value formats in a_associate.cpp and p_data.cpp):
//   A-ASSOCIATE-RQ: about the sender role "dicom-scu", ae_title (calling AE),
//     implementation_class_uid, implementation_version, peer "dicom-scp <called AE> <dst IP>",
//     sop_class per proposed abstract syntax, transfer_syntax per proposed transfer syntax;
//     about the receiver role "dicom-scp" and ae_title (called AE).
//   A-ASSOCIATE-AC: about the sender role "dicom-scp", ae_title (the called AE it echoes),
//     implementation_class_uid, implementation_version, transfer_syntax of accepted contexts.
//   A-ASSOCIATE-RJ: about the sender role "dicom-scp", other "association-rejected result=N
//     source=N reason=N".
//   P-DATA-TF: message_type (the DIMSE command name) and sop_class of a command; for a
//     C-STORE-RQ the General Equipment attributes of the dataset (see p_data.cpp).
// Not read (privacy, PS3.15 profiles aside): every dataset attribute outside the equipment
//   whitelist in p_data.cpp (patient, study, series, pixel data ...) is skipped by its length
//   without being copied; datasets of other commands are not walked at all. User identity
//   negotiation items (PS3.7 §D.3.3.7: user names, passcodes, Kerberos tickets) are skipped.
// Recognition: the probe accepts only a well-formed PDU header (type 1-7, reserved byte 0, a
//   length that fits the type) and, for A-ASSOCIATE-RQ/AC, protocol version 1 and the
//   application context item at its fixed offset, so TLS, HTTP, SSH, SMB and RDP streams are
//   never claimed.

#include "proto/dicom/dicom.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <optional>
#include <string_view>

#include "proto/dicom/dicom_detail.h"

namespace daicho::collectors::dicom {
namespace {

using detail::Facts;

// PS3.8 §9.3.2: bytes after the PDU header up to the first variable item (protocol version,
// reserved, called AE, calling AE, 32 reserved bytes).
constexpr std::size_t kAssociateFixedBytes = 68;
constexpr std::uint8_t kApplicationContextItem = 0x10;
constexpr std::size_t kMaxApplicationContextName = 64;  // a UID (PS3.8 §9.3.2.1, PS3.5 §9)

std::optional<std::uint32_t> peek_be32(ByteReader in, std::size_t at) noexcept {
    if (!in.skip(at)) {
        return std::nullopt;
    }
    return in.be32();
}

// Checks of an A-ASSOCIATE-RQ/AC that the bytes present allow (`in` after the PDU header).
bool plausible_associate(const ByteReader& in, std::uint32_t length) noexcept {
    if (length < kAssociateFixedBytes + 4 || length > kMaxAssociatePduLength) {
        return false;
    }
    if (const auto version = in.peek_be16(0); version && *version != 0x0001) {  // §9.3.2 bit 0
        return false;
    }
    const std::size_t item = kAssociateFixedBytes;  // §9.3.2: the first item is at PDU byte 75
    if (const auto type = in.peek_u8(item); type && *type != kApplicationContextItem) {
        return false;
    }
    if (const auto reserved = in.peek_u8(item + 1); reserved && *reserved != 0) {
        return false;
    }
    if (const auto len = in.peek_be16(item + 2);
        len && (*len == 0 || *len > kMaxApplicationContextName ||
                kAssociateFixedBytes + 4 + *len > length)) {
        return false;
    }
    return true;
}

// PS3.8 §9.3.5: the first PDV item (length >= 2 for context id and control header; the
// context id is odd, §9.3.2.2; the control header uses bits 0 and 1 only, Annex E.2).
bool plausible_p_data(const ByteReader& in, std::uint32_t length) noexcept {
    if (length < 6 || length > kMaxPDataPduLength) {
        return false;
    }
    if (const auto pdv = peek_be32(in, 0); pdv && (*pdv < 2 || *pdv > length - 4)) {
        return false;
    }
    if (const auto id = in.peek_u8(4); id && (*id & 0x01U) == 0) {
        return false;
    }
    if (const auto control = in.peek_u8(5); control && (*control & 0xFCU) != 0) {
        return false;
    }
    return true;
}

// The four-byte bodies (§9.3.4 RJ, §9.3.6/7 release, §9.3.8 abort): only values the standard
// defines.
bool plausible_short(const ByteReader& in, std::uint8_t type, std::uint32_t length) noexcept {
    if (length != 4) {
        return false;
    }
    const auto b1 = in.peek_u8(1);
    const auto b2 = in.peek_u8(2);
    const auto b3 = in.peek_u8(3);
    switch (type) {
        case detail::kAssociateRj:  // result 1-2, source 1-3
            return (!b1 || (*b1 >= 1 && *b1 <= 2)) && (!b2 || (*b2 >= 1 && *b2 <= 3));
        case detail::kAbort:  // source 0-2, reason 0-6
            return (!b2 || *b2 <= 2) && (!b3 || *b3 <= 6);
        default:  // release: four reserved bytes, sent as 0
            return (!b1 || *b1 == 0) && (!b2 || *b2 == 0) && (!b3 || *b3 == 0) &&
                   in.peek_u8(0).value_or(0) == 0;
    }
}

DecodeResult decode_reject(ByteReader in, Facts& facts) noexcept {
    if (!in.skip(detail::kPduHeaderBytes + 1)) {
        return in.shortfall();
    }
    const auto result = in.u8();
    const auto source = in.u8();
    const auto reason = in.u8();
    if (!result || !source || !reason) {
        return in.shortfall();
    }
    facts.sender(FactKind::role, "dicom-scp");
    std::array<char, 64> buf{};
    std::size_t n = 0;
    const auto put = [&](std::string_view s) {
        const std::size_t k = std::min(s.size(), buf.size() - n);
        s.copy(buf.data() + n, k);
        n += k;
    };
    const auto put_number = [&](std::uint8_t v) {
        std::array<char, 4> digits{};
        const auto r = std::to_chars(digits.data(), digits.data() + digits.size(), v);
        put(std::string_view(digits.data(), static_cast<std::size_t>(r.ptr - digits.data())));
    };
    put("association-rejected result=");
    put_number(*result);
    put(" source=");
    put_number(*source);
    put(" reason=");
    put_number(*reason);
    facts.sender_copy(FactKind::other, std::string_view(buf.data(), n));
    return DecodeResult::decoded;
}

}  // namespace

bool probe(ByteReader in) noexcept {
    const auto type = in.u8();
    const auto reserved = in.u8();
    const auto length = in.be32();
    if (!type || !reserved || !length || *reserved != 0) {
        return false;
    }
    switch (*type) {
        case detail::kAssociateRq:
        case detail::kAssociateAc:
            return plausible_associate(in, *length);
        case detail::kPData:
            return plausible_p_data(in, *length);
        case detail::kAssociateRj:
        case detail::kReleaseRq:
        case detail::kReleaseRp:
        case detail::kAbort:
            return plausible_short(in, *type, *length);
        default:
            return false;
    }
}

DecodeResult decode(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept {
    if (!probe(in)) {
        return DecodeResult::not_mine;
    }
    Facts facts(ctx, out);
    switch (in.peek_u8().value_or(0)) {
        case detail::kAssociateRq:
        case detail::kAssociateAc:
            return detail::decode_associate(in, facts);
        case detail::kAssociateRj:
            return decode_reject(in, facts);
        case detail::kPData:
            return detail::decode_p_data(in, facts);
        default:  // release and abort: nothing to report, but the stream stays DICOM
            return in.skip(detail::kPduHeaderBytes + 4) ? DecodeResult::decoded : in.shortfall();
    }
}

}  // namespace daicho::collectors::dicom
