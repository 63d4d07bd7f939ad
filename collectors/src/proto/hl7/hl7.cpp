// HL7 v2.x messages in MLLP blocks: the header segments that name the systems talking.
// Refs: HL7 Transport Specification: MLLP, Release 2, block format (<SB 0x0B> message
//   <EB 0x1C><CR 0x0D>); HL7 v2.5.1 chapter 2 §2.5.2-2.5.4 (segments end with CR; the
//   delimiters are MSH-1 and the MSH-2 encoding characters: component, repetition, escape,
//   subcomponent, plus truncation since v2.7), §2.15.9 MSH (3/4 sending application/facility,
//   5/6 receiving application/facility, 9 message type, 12 version id), §2.15.8 MSA (1
//   acknowledgment code), §2.15.12 SFT (1 vendor organisation, 2 release, 3 product name);
//   chapter 7 §7.4.2.18 OBX-18 equipment instance identifier.
// Facts (source "hl7"), about the sender: application (MSH-3), facility (MSH-4), message_type
//   (MSH-9), protocol_version ("HL7 <MSH-12>"), software ("<SFT-3> <SFT-2>"), other
//   ("hl7-software-vendor <SFT-1>", "hl7-ack <MSA-1>"), equipment_id (OBX-18), role, peer
//   ("<peer's role> <MSH-5> <destination IP>"); about the destination (MAC/IP): application
//   (MSH-5), facility (MSH-6), role. Roles follow the exchange, not the packet: a response
//   (MSA right after MSH and any SFT) is sent by the "hl7-receiver" to the "hl7-sender".
//   Values are the fields as on the wire (components and escape sequences untouched, capped by
//   the sink); empty and HL7-null ("") fields give nothing.
// Never read (privacy, ARCHITECTURE.md "Privacy"): every other segment (PID, PV1, NK1, ORC,
//   OBR, NTE, Z-segments ...) is skipped on its segment id, and of OBX only field 18 is taken;
//   no other byte of a message reaches an observation. Only whole segments are read, so a cut
//   message gives a subset of the whole message's facts. One message per call: the TCP
//   first-bytes table hands the next one over when it starts a TCP segment.
//
//   0x0B "MSH|^~\&|MONITOR_GW^NK|ICU|HIS|HOSP|20240102||ORU^R01|42|P|2.5" CR
//        "SFT|Vendor|1.2|Product|b1" CR   "PID|..." CR (skipped)   "OBX|...|<18th field>" CR
//   0x1C 0x0D

#include "proto/hl7/hl7.h"

#include <array>
#include <cstdint>
#include <string_view>

#include "proto/common/emitter.h"
#include "proto/common/text.h"

namespace daicho::collectors::hl7 {
namespace {

using Text = text::FixedText<kMaxValueBytes>;

constexpr std::string_view kStart = "\x0bMSH";  // SB + the first segment's id
constexpr std::string_view kSegmentEnds("\r\n\x1c", 3);
constexpr std::uint8_t kEndBlock = 0x1C;
constexpr std::uint8_t kCarriageReturn = 0x0D;
constexpr std::size_t kMinEncodingChars = 4;  // §2.15.9.2: component, repetition, escape, sub
constexpr std::size_t kMaxEncodingChars = 5;  // v2.7 adds the truncation character

constexpr std::string_view kRoleSender = "hl7-sender";
constexpr std::string_view kRoleReceiver = "hl7-receiver";

// Delimiters are printable and never alphanumeric (§2.5.4: they must not occur in data).
constexpr bool delimiter_char(char c) noexcept {
    const bool digit = c >= '0' && c <= '9';
    const bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    return c > 0x20 && c < 0x7F && !digit && !letter;
}

enum class Header : std::uint8_t { valid, need_more, invalid };

// <SB> "MSH" MSH-1 MSH-2 MSH-1: checks what is there; a consistent prefix needs more bytes.
Header check_header(std::string_view s, char& separator) noexcept {
    const std::size_t n = s.size() < kStart.size() ? s.size() : kStart.size();
    if (n == 0 || s.substr(0, n) != kStart.substr(0, n)) {
        return n == 0 ? Header::need_more : Header::invalid;
    }
    if (s.size() <= kStart.size()) {
        return Header::need_more;
    }
    s.remove_prefix(kStart.size());
    separator = s.front();
    if (!delimiter_char(separator)) {
        return Header::invalid;
    }
    s.remove_prefix(1);
    std::size_t i = 0;
    for (const char c : s) {
        if (c == separator) {
            return i >= kMinEncodingChars ? Header::valid : Header::invalid;
        }
        // Each encoding character is its own delimiter: distinct, and not the separator.
        if (i >= kMaxEncodingChars || !delimiter_char(c) ||
            s.substr(0, i).find(c) != std::string_view::npos) {
            return Header::invalid;
        }
        ++i;
    }
    return Header::need_more;
}

// Field `index` of a segment split on the field separator (0 is the segment id; in MSH,
// index k is MSH-(k+1) because MSH-1 is the separator itself). Missing fields are empty.
std::string_view field(std::string_view segment, char separator, std::size_t index) noexcept {
    for (std::size_t i = 0; i < index; ++i) {
        const std::size_t at = segment.find(separator);
        if (at == std::string_view::npos) {
            return {};
        }
        segment.remove_prefix(at + 1);
    }
    return segment.substr(0, segment.find(separator));
}

// §2.5.3: an empty field is "not present"; "" (two double quotes) is the explicit null.
constexpr bool absent(std::string_view v) noexcept { return v.empty() || v == "\"\""; }

class Message {
   public:
    Message(const PacketContext& ctx, ObservationSink& out, char separator) noexcept
        : ctx_(ctx), emit_(ctx, out, kName), receiver_(ctx.receiver()), separator_(separator) {}

    // §2.15.9: the MSH segment, MSH-1 and MSH-2 already checked.
    void header(std::string_view msh) noexcept {
        const Subject sender = ctx_.sender();
        emit(sender, FactKind::application, field(msh, separator_, 2));
        emit(sender, FactKind::facility, field(msh, separator_, 3));
        emit(sender, FactKind::message_type, field(msh, separator_, 8));
        const std::string_view version = field(msh, separator_, 11);
        if (!absent(version)) {
            emit_joined(sender, FactKind::protocol_version, "HL7", version);
        }
        receiving_application_ = field(msh, separator_, 4);
        emit(receiver_, FactKind::application, receiving_application_);
        emit(receiver_, FactKind::facility, field(msh, separator_, 5));
    }

    // Any segment after MSH: only SFT, MSA and OBX-18 are read.
    void segment(std::string_view text) noexcept {
        const std::string_view id = field(text, separator_, 0);
        if (!roles_done_ && id != "SFT") {
            roles(id == "MSA");  // §2.15.8: MSA follows MSH [SFT] in every response
        }
        if (id == "SFT") {
            software(text);
        } else if (id == "MSA") {
            const std::string_view code = field(text, separator_, 1);
            if (!absent(code)) {
                emit_joined(ctx_.sender(), FactKind::other, "hl7-ack", code);
            }
        } else if (id == "OBX") {
            equipment(field(text, separator_, 18));
        }
    }

    // The end block was reached: a message of MSH [SFT] alone is a request.
    DecodeResult finish() noexcept {
        if (!roles_done_) {
            roles(false);
        }
        return limited_ ? DecodeResult::limited : DecodeResult::decoded;
    }

   private:
    void roles(bool response) noexcept {
        roles_done_ = true;
        const std::string_view sender_role = response ? kRoleReceiver : kRoleSender;
        const std::string_view peer_role = response ? kRoleSender : kRoleReceiver;
        emit(ctx_.sender(), FactKind::role, sender_role);
        emit(receiver_, FactKind::role, peer_role);
        if (absent(receiving_application_) || ctx_.dst_ip.empty()) {
            return;
        }
        Text text;
        text.append(peer_role);
        text.append(" ");
        text.append(receiving_application_.substr(0, kMaxValueBytes));
        text.append(" ");
        text::append_ip(text, ctx_.dst_ip);
        emit_.copy_about(ctx_.sender(), FactKind::peer, text.view());
    }

    // §2.15.12: SFT-1 vendor organisation, SFT-2 release, SFT-3 product name.
    void software(std::string_view sft) noexcept {
        if (++software_segments_ > kMaxSoftwareSegments) {
            limited_ = true;
            return;
        }
        const Subject sender = ctx_.sender();
        const std::string_view vendor = field(sft, separator_, 1);
        const std::string_view release = field(sft, separator_, 2);
        const std::string_view product = field(sft, separator_, 3);
        if (!absent(product)) {
            if (absent(release)) {
                emit(sender, FactKind::software, product);
            } else {
                emit_joined(sender, FactKind::software, product, release);
            }
        }
        if (!absent(vendor)) {
            emit_joined(sender, FactKind::other, "hl7-software-vendor", vendor);
        }
    }

    // §7.4.2.18: one id per OBX, usually the same for every OBX of a device.
    void equipment(std::string_view id) noexcept {
        if (absent(id)) {
            return;
        }
        for (std::size_t i = 0; i < equipment_count_; ++i) {
            if (equipment_.at(i) == id) {
                return;
            }
        }
        if (equipment_count_ >= equipment_.size()) {
            limited_ = true;
            return;
        }
        equipment_.at(equipment_count_++) = id;
        emit(ctx_.sender(), FactKind::equipment_id, id);
    }

    // A field that is not present (or the explicit null) is no fact.
    void emit(const Subject& subject, FactKind kind, std::string_view value) noexcept {
        if (!absent(value)) {
            emit_.about(subject, kind, value);
        }
    }

    // "<first> <second>", capped at kMaxValueBytes, through the sink's scratch.
    void emit_joined(const Subject& subject, FactKind kind, std::string_view first,
                     std::string_view second) noexcept {
        Text text;
        text.append(first);
        text.append(" ");
        text.append(second);
        emit_.copy_about(subject, kind, text.view());
    }

    const PacketContext& ctx_;
    Emitter emit_;
    Subject receiver_;
    char separator_;
    std::string_view receiving_application_;
    std::array<std::string_view, kMaxEquipmentIds> equipment_{};
    std::size_t equipment_count_ = 0;
    std::size_t software_segments_ = 0;
    bool roles_done_ = false;
    bool limited_ = false;
};

}  // namespace

bool probe(ByteReader in) noexcept {
    char separator = 0;
    return !in.empty() && check_header(in.rest_chars(), separator) != Header::invalid;
}

DecodeResult decode(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept {
    char separator = 0;
    switch (check_header(in.rest_chars(), separator)) {
        case Header::invalid:
            return DecodeResult::not_mine;
        case Header::need_more:
            return in.shortfall();
        case Header::valid:
            break;
    }
    if (!in.skip(1)) {  // SB
        return in.shortfall();
    }
    Message message(ctx, out, separator);
    bool first = true;
    for (;;) {
        const std::size_t end = in.rest_chars().find_first_of(kSegmentEnds);
        if (end == std::string_view::npos) {
            return in.shortfall();  // a segment is read only once it is whole
        }
        const auto segment = in.chars(end);
        const auto terminator = in.u8();
        if (!segment || !terminator) {
            return DecodeResult::malformed;  // unreachable: `end` bytes and one more are there
        }
        if (first) {
            message.header(*segment);
            first = false;
        } else if (!segment->empty()) {  // CR LF line ends leave empty segments
            message.segment(*segment);
        }
        if (*terminator == kEndBlock) {
            const auto cr = in.u8();
            if (!cr) {
                return in.shortfall();
            }
            return *cr == kCarriageReturn ? message.finish() : DecodeResult::malformed;
        }
    }
}

}  // namespace daicho::collectors::hl7
