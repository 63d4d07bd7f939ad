// P-DATA-TF: the DIMSE command of the message that starts in this PDU, and for a C-STORE-RQ a
// whitelisted prefix of its dataset.
// Refs: DICOM PS3.8 §9.3.5 (P-DATA-TF PDU: PDV items of 32-bit length, presentation context
//   id, then the fragment), Annex E.2 (message control header: bit 0 command/dataset, bit 1
//   last fragment; a message's command fragments come before its dataset fragments);
//   PS3.7 §6.3.1 and §E.1 (command set: group 0000 elements, Implicit VR Little Endian,
//   ascending tags; (0000,0002) Affected SOP Class UID, (0000,0003) Requested SOP Class UID,
//   (0000,0100) Command Field), §9.3 and §10.3 (command field values); PS3.5 §7.1.2/§7.1.3
//   (explicit/implicit VR element encoding, the 32-bit length of OB, OD, OF, OL, OV, OW, SQ,
//   SV, UC, UN, UR, UT, UV), §7.5 (undefined lengths, items and delimitation items).
// Facts, about the sender: message_type = the command's name ("C-STORE-RQ", "C-ECHO-RSP",
//   "N-ACTION-RQ" ...; unknown codes give none), sop_class = the Affected (else Requested)
//   SOP Class UID. For a C-STORE-RQ, from the top level of the dataset only: modality
//   (0008,0060), manufacturer (0008,0070), station_name and hostname (0008,1010: the name of
//   the machine), model (0008,1090),
//   serial_number (0018,1000), software (0018,1020, verbatim, backslashes and all); values
//   without their space/NUL padding, capped at kMaxDatasetValueBytes.
//   General Equipment (PS3.3 §C.7.5.1) describes the equipment that produced the images. A
//   PACS or router forwarding images sends the modality's identity, not its own, which is why
//   these facts are tied to the C-STORE sender and the ledger weighs them with the device's
//   DICOM role.
// Deliberately not read (privacy): every other dataset element is skipped by its length and
//   never copied; nested sequences are skipped by their lengths or delimitation items, so an
//   equipment tag inside a sequence is never taken either; the walk stops at the first tag
//   after (0018,1020), so patient (0010,xxxx) and later groups and pixel data are skipped or
//   never reached. Datasets of other commands are not walked at all.
//
// Stateless across segments: a C-STORE-RQ command and its dataset PDUs are one message. The
// decoder reads both as one logical stream across PDV fragments and PDUs, in place, and
// returns `truncated` until it has passed (0018,1020), the dataset ends, or
// kMaxDatasetPrefixBytes of dataset were walked (`limited`). The first-bytes table then
// appends the next segment and decodes again from the start.

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <utility>

#include "proto/dicom/dicom_detail.h"

namespace daicho::collectors::dicom::detail {
namespace {

constexpr std::uint8_t kCommandBit = 0x01;       // Annex E.2, bit 0
constexpr std::uint8_t kLastFragmentBit = 0x02;  // Annex E.2, bit 1
constexpr std::uint32_t kUndefinedLength = 0xFFFFFFFF;
constexpr std::uint16_t kCStoreRq = 0x0001;

// PS3.7 §9.3 (C-services), §10.3 (N-services), §9.3.2.3 (C-CANCEL).
constexpr std::array<std::pair<std::uint16_t, std::string_view>, 23> kCommands{{
    {0x0001, "C-STORE-RQ"},   {0x8001, "C-STORE-RSP"},       {0x0010, "C-GET-RQ"},
    {0x8010, "C-GET-RSP"},    {0x0020, "C-FIND-RQ"},         {0x8020, "C-FIND-RSP"},
    {0x0021, "C-MOVE-RQ"},    {0x8021, "C-MOVE-RSP"},        {0x0030, "C-ECHO-RQ"},
    {0x8030, "C-ECHO-RSP"},   {0x0100, "N-EVENT-REPORT-RQ"}, {0x8100, "N-EVENT-REPORT-RSP"},
    {0x0110, "N-GET-RQ"},     {0x8110, "N-GET-RSP"},         {0x0120, "N-SET-RQ"},
    {0x8120, "N-SET-RSP"},    {0x0130, "N-ACTION-RQ"},       {0x8130, "N-ACTION-RSP"},
    {0x0140, "N-CREATE-RQ"},  {0x8140, "N-CREATE-RSP"},      {0x0150, "N-DELETE-RQ"},
    {0x8150, "N-DELETE-RSP"}, {0x0FFF, "C-CANCEL-RQ"},
}};

// The dataset whitelist (tags as group << 16 | element), in ascending order.
constexpr std::array<std::pair<std::uint32_t, FactKind>, 6> kEquipment{{
    {0x00080060, FactKind::modality},       // Modality
    {0x00080070, FactKind::manufacturer},   // Manufacturer
    {0x00081010, FactKind::station_name},   // Station Name
    {0x00081090, FactKind::model},          // Manufacturer's Model Name
    {0x00181000, FactKind::serial_number},  // Device Serial Number
    {0x00181020, FactKind::software},       // Software Versions
}};
constexpr std::uint32_t kLastWhitelisted = kEquipment.back().first;

constexpr std::uint32_t kItem = 0xFFFEE000;  // PS3.5 §7.5
constexpr std::uint32_t kItemDelimitation = 0xFFFEE00D;
constexpr std::uint32_t kSequenceDelimitation = 0xFFFEE0DD;

// PS3.5 §7.1.2: VRs with a 2-byte reserved field and a 32-bit length in explicit VR.
constexpr std::array<std::string_view, 13> kLongVrs{"OB", "OD", "OF", "OL", "OV", "OW", "SQ",
                                                    "SV", "UC", "UN", "UR", "UT", "UV"};

constexpr bool upper(std::uint8_t c) noexcept { return c >= 'A' && c <= 'Z'; }

// The bytes of one part of a DIMSE message (its command or its dataset) as one logical
// stream over PDV fragments and P-DATA-TF PDUs, read in place: nothing is copied except by
// copy(), which the caller points at a small stack buffer.
class PdvStream {
   public:
    enum class State : std::uint8_t {
        ok,
        need_more,  // the stream's bytes ended inside the part
        ended,      // the part's last fragment was read, or another PDU type came first
        bad,        // a length or header broke PS3.8 §9.3.5 / Annex E
    };

    explicit PdvStream(ByteReader stream) noexcept : stream_(stream) {}

    // Moves to the first fragment of the command (true) or the dataset (false). Returns false
    // (state says why) when there is none. The previous part must have been read to its end.
    bool start(bool command) noexcept {
        command_ = command;
        state_ = State::ok;
        last_ = false;
        frag_ = ByteReader();
        frag_whole_ = true;
        consumed_ = 0;
        return advance();
    }

    [[nodiscard]] State state() const noexcept { return state_; }
    [[nodiscard]] std::size_t consumed() const noexcept { return consumed_; }
    // What running out of stream bytes means: more may follow in the next segment.
    [[nodiscard]] DecodeResult shortfall() const noexcept { return stream_.shortfall(); }

    std::optional<std::uint8_t> u8() noexcept {
        for (;;) {
            if (const auto b = frag_.u8()) {
                ++consumed_;
                return b;
            }
            if (!next()) {
                return std::nullopt;
            }
        }
    }
    std::optional<std::uint16_t> le16() noexcept {
        const auto lo = u8();
        const auto hi = lo ? u8() : std::nullopt;
        if (!hi) {
            return std::nullopt;
        }
        return static_cast<std::uint16_t>(*lo | (*hi << 8U));
    }
    std::optional<std::uint32_t> le32() noexcept {
        const auto lo = le16();
        const auto hi = lo ? le16() : std::nullopt;
        if (!hi) {
            return std::nullopt;
        }
        return static_cast<std::uint32_t>(*lo | (std::uint32_t{*hi} << 16U));
    }
    bool skip(std::size_t n) noexcept {
        for (;;) {
            const std::size_t k = std::min(n, frag_.remaining());
            static_cast<void>(frag_.skip(k));
            consumed_ += k;
            n -= k;
            if (n == 0) {
                return true;
            }
            if (!next()) {
                return false;
            }
        }
    }
    // Copies the first dst.size() of the next n bytes into dst and skips the rest; returns
    // how many were copied, or nullopt when the part ends first.
    std::optional<std::size_t> copy(std::span<char> dst, std::size_t n) noexcept {
        std::size_t copied = 0;
        const std::size_t want = std::min(n, dst.size());
        while (copied < want) {
            const std::size_t k = std::min(want - copied, frag_.remaining());
            const auto bytes = frag_.bytes(k);
            if (bytes) {
                ByteReader::as_chars(*bytes).copy(dst.subspan(copied).data(), k);
                copied += k;
                consumed_ += k;
            }
            if (copied < want && !next()) {
                return std::nullopt;
            }
        }
        if (!skip(n - copied)) {
            return std::nullopt;
        }
        return copied;
    }
    // Reads past the rest of this part. True when its last fragment ended it.
    bool skip_to_end() noexcept {
        while (next()) {
        }
        return state_ == State::ended && last_;
    }

   private:
    // The current fragment is used up: the next one of this part, if any.
    bool next() noexcept {
        static_cast<void>(frag_.skip(frag_.remaining()));
        if (state_ != State::ok) {
            return false;
        }
        if (!frag_whole_) {
            state_ = State::need_more;
            return false;
        }
        if (last_) {
            state_ = State::ended;
            return false;
        }
        return advance();
    }

    bool fail(State s) noexcept {
        state_ = s;
        return false;
    }

    bool advance() noexcept {
        for (;;) {
            if (pdu_.empty()) {
                if (!pdu_whole_ || stream_.empty()) {
                    return fail(State::need_more);
                }
                const auto type = stream_.peek_u8();
                if (type && *type != kPData) {
                    return fail(State::ended);  // e.g. an A-ABORT: the message stops here
                }
                if (stream_.remaining() < kPduHeaderBytes) {
                    return fail(State::need_more);
                }
                static_cast<void>(stream_.skip(1));
                const auto reserved = stream_.u8();
                const auto length = stream_.be32();
                if (!reserved || !length) {
                    return fail(State::need_more);  // unreachable: 6 bytes were there
                }
                if (*reserved != 0 || *length > kMaxPDataPduLength) {
                    return fail(State::bad);
                }
                pdu_whole_ = stream_.remaining() >= *length;
                pdu_ =
                    stream_.take(pdu_whole_ ? *length : stream_.remaining()).value_or(ByteReader());
                continue;
            }
            // §9.3.5: item length (32 bits), presentation context id, then the fragment,
            // whose first byte is the message control header.
            if (pdu_.remaining() < 6) {
                return fail(pdu_whole_ ? State::bad : State::need_more);
            }
            const auto length = pdu_.be32();
            const auto context = pdu_.u8();
            const auto control = pdu_.u8();
            if (!length || !context || !control) {
                return fail(State::need_more);  // unreachable: 6 bytes were there
            }
            if (*length < 2 || (*control & 0xFCU) != 0) {
                return fail(State::bad);
            }
            const std::size_t data = *length - 2;
            if (pdu_whole_ && data > pdu_.remaining()) {
                return fail(State::bad);  // the PDV runs past its PDU
            }
            if (((*control & kCommandBit) != 0) != command_) {
                // Annex E.2: a command is whole before its dataset starts; a dataset fragment
                // first means this PDU continues an earlier message.
                return fail(command_ ? State::ended : State::bad);
            }
            frag_whole_ = data <= pdu_.remaining();
            frag_ = pdu_.take(frag_whole_ ? data : pdu_.remaining()).value_or(ByteReader());
            last_ = (*control & kLastFragmentBit) != 0;
            return true;
        }
    }

    ByteReader stream_;
    ByteReader pdu_;
    bool pdu_whole_ = true;
    ByteReader frag_;
    bool frag_whole_ = true;
    bool command_ = true;
    bool last_ = false;
    State state_ = State::ok;
    std::size_t consumed_ = 0;
};

DecodeResult ran_out(const PdvStream& s) noexcept {
    return s.state() == PdvStream::State::need_more ? s.shortfall() : DecodeResult::malformed;
}

struct Command {
    std::optional<std::uint16_t> field;
    std::array<char, kMaxUidBytes> sop_class{};
    std::size_t sop_class_size = 0;
};

// PS3.7 §E.1: (gggg,eeee) 32-bit length, value; group 0000 only, tags ascending. Stops once
// the command field is read: both SOP class UIDs sort before it.
DecodeResult read_command(PdvStream& s, Command& c) noexcept {
    while (!c.field) {
        const auto group = s.le16();
        if (!group) {
            return s.state() == PdvStream::State::ended ? DecodeResult::malformed : ran_out(s);
        }
        const auto element = s.le16();
        const auto length = element ? s.le32() : std::nullopt;
        if (!length) {
            return ran_out(s);
        }
        if (*group != 0x0000) {
            return DecodeResult::malformed;
        }
        if ((*element == 0x0002 || *element == 0x0003) && c.sop_class_size == 0) {
            if (*length > kMaxUidBytes) {
                return DecodeResult::malformed;  // PS3.5 §9.1: 64 characters at most
            }
            const auto n = s.copy(c.sop_class, *length);
            if (!n) {
                return ran_out(s);
            }
            c.sop_class_size = *n;
        } else if (*element == 0x0100) {
            if (*length != 2) {
                return DecodeResult::malformed;
            }
            c.field = s.le16();
            if (!c.field) {
                return ran_out(s);
            }
        } else if (!s.skip(*length)) {
            return ran_out(s);
        }
    }
    return DecodeResult::decoded;
}

std::string_view command_name(std::uint16_t field) noexcept {
    for (const auto& [code, name] : kCommands) {
        if (code == field) {
            return name;
        }
    }
    return {};
}

std::optional<FactKind> equipment_kind(std::uint32_t tag) noexcept {
    for (const auto& [t, kind] : kEquipment) {
        if (t == tag) {
            return kind;
        }
    }
    return std::nullopt;
}

// Walks the top level of a C-STORE dataset up to (0018,1020), emitting the whitelisted
// attributes; see the file comment. Explicit VR is recognised as DCMTK does: two upper-case
// letters where the VR of the first element would be.
class DatasetWalk {
   public:
    DatasetWalk(PdvStream& s, Facts& facts) noexcept : s_(s), facts_(facts) {}

    DecodeResult run() noexcept {
        for (;;) {
            if (s_.consumed() >= kMaxDatasetPrefixBytes) {
                return DecodeResult::limited;
            }
            const auto group = s_.le16();
            if (!group) {
                // The dataset may end between elements (a short one, or no equipment tags).
                return s_.state() == PdvStream::State::ended && depth_ == 0 ? DecodeResult::decoded
                                                                            : ran_out(s_);
            }
            const auto element = s_.le16();
            if (!element) {
                return ran_out(s_);
            }
            const std::uint32_t tag = (std::uint32_t{*group} << 16U) | *element;
            if (*group == 0xFFFE) {
                if (const auto r = delimiter(tag); r) {
                    return *r;
                }
                continue;
            }
            if (depth_ > 0 && stack_.at(depth_ - 1) == Level::sequence) {
                return DecodeResult::malformed;  // a sequence holds items only
            }
            if (depth_ == 0 && tag > kLastWhitelisted) {
                return DecodeResult::decoded;  // past the whitelist: nothing else is read
            }
            const auto length = element_length();
            if (!length) {
                return result_;
            }
            if (*length == kUndefinedLength) {
                if (depth_ == kMaxSequenceDepth) {
                    return DecodeResult::limited;
                }
                stack_.at(depth_++) = Level::sequence;
                continue;
            }
            const auto kind = depth_ == 0 ? equipment_kind(tag) : std::nullopt;
            if (!kind) {
                if (s_.consumed() + *length > kMaxDatasetPrefixBytes) {
                    return DecodeResult::limited;  // the whitelist cannot lie within the bound
                }
                if (!s_.skip(*length)) {
                    return ran_out(s_);
                }
                continue;
            }
            std::array<char, kMaxDatasetValueBytes> value{};
            const auto n = s_.copy(value, *length);
            if (!n) {
                return ran_out(s_);
            }
            const auto text = trim_padding(std::string_view(value.data(), *n));
            facts_.sender_copy(*kind, text);
            if (*kind == FactKind::station_name) {
                // PS3.3 §C.7.5.1: "user defined name identifying the machine": a host name too.
                facts_.sender_copy(FactKind::hostname, text);
            }
            if (tag == kLastWhitelisted) {
                return DecodeResult::decoded;
            }
        }
    }

   private:
    enum class Level : std::uint8_t { sequence, item };
    enum class Encoding : std::uint8_t { unknown, explicit_vr, implicit_vr };

    // PS3.5 §7.5: item, item delimitation and sequence delimitation carry a 32-bit length and
    // no VR in every transfer syntax. Returns a final result, or nullopt to go on.
    std::optional<DecodeResult> delimiter(std::uint32_t tag) noexcept {
        const auto length = s_.le32();
        if (!length) {
            return ran_out(s_);
        }
        const bool in_sequence = depth_ > 0 && stack_.at(depth_ - 1) == Level::sequence;
        const bool in_item = depth_ > 0 && stack_.at(depth_ - 1) == Level::item;
        if (tag == kItem && in_sequence) {
            if (*length != kUndefinedLength) {
                if (s_.consumed() + *length > kMaxDatasetPrefixBytes) {
                    return DecodeResult::limited;
                }
                return s_.skip(*length) ? std::nullopt : std::optional(ran_out(s_));
            }
            if (depth_ == kMaxSequenceDepth) {
                return DecodeResult::limited;
            }
            stack_.at(depth_++) = Level::item;
            return std::nullopt;
        }
        if ((tag == kItemDelimitation && in_item) ||
            (tag == kSequenceDelimitation && in_sequence)) {
            --depth_;
            return std::nullopt;
        }
        return DecodeResult::malformed;
    }

    // The element's length after its tag, reading the VR in explicit VR. Sets result_ when
    // there is none.
    std::optional<std::uint32_t> element_length() noexcept {
        const auto b0 = s_.u8();
        const auto b1 = b0 ? s_.u8() : std::nullopt;
        if (!b1) {
            result_ = ran_out(s_);
            return std::nullopt;
        }
        if (encoding_ == Encoding::unknown) {
            encoding_ = upper(*b0) && upper(*b1) ? Encoding::explicit_vr : Encoding::implicit_vr;
        }
        if (encoding_ == Encoding::implicit_vr) {
            const auto high = s_.le16();  // implicit VR: a 32-bit length
            if (!high) {
                result_ = ran_out(s_);
                return std::nullopt;
            }
            return static_cast<std::uint32_t>(*b0 | (*b1 << 8U) | (std::uint32_t{*high} << 16U));
        }
        if (!upper(*b0) || !upper(*b1)) {
            result_ = DecodeResult::malformed;
            return std::nullopt;
        }
        const std::array<char, 2> vr{static_cast<char>(*b0), static_cast<char>(*b1)};
        const bool long_form = std::find(kLongVrs.begin(), kLongVrs.end(),
                                         std::string_view(vr.data(), vr.size())) != kLongVrs.end();
        std::optional<std::uint32_t> length;
        if (long_form) {
            length = s_.skip(2) ? s_.le32() : std::nullopt;  // reserved, 32-bit length
        } else if (const auto short_length = s_.le16()) {
            length = *short_length;
        }
        if (!length) {
            result_ = ran_out(s_);
        }
        return length;
    }

    PdvStream& s_;
    Facts& facts_;
    Encoding encoding_ = Encoding::unknown;
    std::array<Level, kMaxSequenceDepth> stack_{};
    std::size_t depth_ = 0;
    DecodeResult result_ = DecodeResult::malformed;
};

}  // namespace

DecodeResult decode_p_data(ByteReader in, Facts& facts) noexcept {
    PdvStream s(in);
    if (!s.start(true)) {
        // The PDU continues an earlier message (dataset fragments) or is cut before its first
        // PDV: nothing of a command to read here.
        return s.state() == PdvStream::State::ended ? DecodeResult::decoded : ran_out(s);
    }
    Command command;
    const DecodeResult r = read_command(s, command);
    if (r != DecodeResult::decoded) {
        return r;
    }
    facts.sender(FactKind::message_type, command_name(*command.field));
    facts.sender_copy(FactKind::sop_class, trim_padding(std::string_view(command.sop_class.data(),
                                                                         command.sop_class_size)));
    if (*command.field != kCStoreRq) {
        return DecodeResult::decoded;
    }
    if (!s.skip_to_end()) {
        return ran_out(s);
    }
    if (!s.start(false)) {
        // No dataset fragment follows (another PDU type came first): the message was cut off.
        return s.state() == PdvStream::State::ended ? DecodeResult::decoded : ran_out(s);
    }
    DatasetWalk walk(s, facts);
    return walk.run();
}

}  // namespace daicho::collectors::dicom::detail
