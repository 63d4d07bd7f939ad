// A-ASSOCIATE-RQ and A-ASSOCIATE-AC: AE titles, presentation contexts and user information.
// Refs: DICOM PS3.8 §9.3.2 (RQ: protocol version, called/calling AE title, 32 reserved bytes,
//   then items), §9.3.2.1 (application context item 10H), §9.3.2.2 (presentation context item
//   20H with one abstract syntax sub-item 30H and transfer syntax sub-items 40H), §9.3.2.3
//   (user information item 50H), §9.3.3 (AC: the same fixed fields, echoed), §9.3.3.2
//   (presentation context item 21H: result 0 = acceptance, one transfer syntax); PS3.8
//   Annex D.1 (maximum length sub-item 51H); PS3.7 §D.3.3.2 (implementation class UID 52H,
//   implementation version name 55H).
// Facts: see dicom.cpp. Values: AE titles without their space padding, UIDs without NUL
//   padding, the implementation version name as sent (trimmed); "peer" is
//   "dicom-scp <called AE> <destination IP>". SOP classes and transfer syntaxes are
//   deduplicated within the PDU and capped (kMaxSopClassFacts, kMaxTransferSyntaxFacts):
//   the AE and implementation facts go out first, wherever the user information item sits.
// Not read: the maximum length (no fact names it), asynchronous operations, role selection,
//   extended negotiation and user identity sub-items (the last carries credentials).
//
// A partial PDU (the stream's bytes end inside it) yields the facts of its whole items and
// `truncated`, so the first-bytes table asks for more and, if it never comes, still forwards
// what was read.

#include <cstdint>
#include <string_view>

#include "proto/common/outcome.h"
#include "proto/common/text.h"
#include "proto/dicom/dicom_detail.h"

namespace daicho::collectors::dicom::detail {
namespace {

constexpr std::size_t kAssociateFixedBytes = 68;  // §9.3.2 bytes 7-74
constexpr std::size_t kAeTitleBytes = 16;
constexpr std::uint8_t kPresentationContextRq = 0x20;
constexpr std::uint8_t kPresentationContextAc = 0x21;
constexpr std::uint8_t kAbstractSyntax = 0x30;
constexpr std::uint8_t kTransferSyntax = 0x40;
constexpr std::uint8_t kUserInformation = 0x50;
constexpr std::uint8_t kImplementationClassUid = 0x52;
constexpr std::uint8_t kImplementationVersionName = 0x55;
constexpr std::uint8_t kResultAcceptance = 0;  // §9.3.3.2

struct Item {
    std::uint8_t type = 0;
    ByteReader value;
};

enum class Step : std::uint8_t { item, end, short_of_bytes };

// One item or sub-item: type, reserved (sent 0, not tested), 16-bit length, value.
Step next_item(ByteReader& items, Item& item) noexcept {
    if (items.empty()) {
        return Step::end;
    }
    const auto type = items.u8();
    const auto reserved = items.u8();
    const auto length = items.be16();
    if (!type || !reserved || !length) {
        return Step::short_of_bytes;
    }
    auto value = items.take(*length);
    if (!value) {
        return Step::short_of_bytes;
    }
    item = Item{*type, *value};
    return Step::item;
}

// Calls f(item) for each whole item; `short_result` is what running out means here.
template <typename F>
DecodeResult for_each_item(ByteReader items, DecodeResult short_result, F&& f) noexcept {
    Item item;
    for (;;) {
        switch (next_item(items, item)) {
            case Step::end:
                return DecodeResult::decoded;
            case Step::short_of_bytes:
                return short_result;
            case Step::item:
                f(item);
                break;
        }
    }
}

std::string_view uid_of(const ByteReader& value) noexcept {
    return trim_padding(value.rest_chars()).substr(0, kMaxUidBytes);
}

class Association {
   public:
    Association(std::uint8_t type, Facts& facts) noexcept
        : rq_(type == kAssociateRq), facts_(facts) {}

    DecodeResult read(ByteReader in) noexcept {
        if (!in.skip(2)) {  // type, reserved: checked by the probe
            return in.shortfall();
        }
        const auto length = in.be32();
        if (!length) {
            return in.shortfall();
        }
        // The stream may end inside the PDU: read the part that is there.
        const bool whole = in.remaining() >= *length;
        auto body = in.take(whole ? *length : in.remaining());
        short_ = whole ? DecodeResult::malformed : in.shortfall();
        auto fixed = body ? body->take(kAssociateFixedBytes) : std::nullopt;
        if (!fixed || !fixed->skip(4)) {  // protocol version (probe), reserved
            return short_;
        }
        const auto called = fixed->chars(kAeTitleBytes);
        const auto calling = fixed->chars(kAeTitleBytes);
        if (!called || !calling) {
            return DecodeResult::malformed;  // unreachable: the fixed part is whole
        }
        called_ = trim_padding(*called);
        calling_ = trim_padding(*calling);
        items_ = *body;

        DecodeResult result = identity();
        if (rq_) {
            result = worse(result, proposed(kAbstractSyntax));
            result = worse(result, proposed(kTransferSyntax));
        } else {
            result = worse(result, accepted());
        }
        return result;
    }

   private:
    // The AE and implementation facts (and, for an RQ, the called side's), before any list.
    DecodeResult identity() noexcept {
        facts_.sender(FactKind::role, rq_ ? "dicom-scu" : "dicom-scp");
        // The RQ names both ends. The AC's echoed titles are not to be tested (PS3.8 §9.3.3)
        // and some stacks swap them (dicom-synthetic-ge-ct-to-pacs-store.pcap), so the
        // acceptor's AE title is taken from the RQ alone.
        if (rq_) {
            facts_.sender(FactKind::ae_title, calling_);
        }
        DecodeResult result = for_each_item(items_, short_, [&](const Item& item) {
            if (item.type == kUserInformation) {
                result_ = worse(result_, user_information(item.value));
            }
        });
        result = worse(result, result_);
        if (rq_) {
            if (!called_.empty()) {
                text::FixedText<kMaxValueBytes> peer;
                peer.append("dicom-scp ");
                peer.append(called_);
                const auto& dst = facts_.context().dst_ip;
                if (!dst.empty()) {
                    peer.append(" ");
                    text::append_ip(peer, dst);
                }
                facts_.sender_copy(FactKind::peer, peer.view());
            }
            facts_.receiver(FactKind::role, "dicom-scp");
            facts_.receiver(FactKind::ae_title, called_);
        }
        return result;
    }

    DecodeResult user_information(ByteReader value) noexcept {
        return for_each_item(value, DecodeResult::malformed, [&](const Item& sub) {
            if (sub.type == kImplementationClassUid) {
                facts_.sender(FactKind::implementation_class_uid, uid_of(sub.value));
            } else if (sub.type == kImplementationVersionName) {
                facts_.sender(FactKind::implementation_version,
                              trim_padding(sub.value.rest_chars()));
            }
        });
    }

    // RQ: the abstract syntaxes (sop_class) or the transfer syntaxes of every context.
    DecodeResult proposed(std::uint8_t sub_type) noexcept {
        const bool sop = sub_type == kAbstractSyntax;
        const std::size_t budget = sop ? kMaxSopClassFacts : kMaxTransferSyntaxFacts;
        const FactKind kind = sop ? FactKind::sop_class : FactKind::transfer_syntax;
        std::size_t emitted = 0;
        DecodeResult inner = DecodeResult::decoded;
        const DecodeResult r = for_each_item(items_, short_, [&](const Item& item) {
            if (item.type != kPresentationContextRq) {
                return;
            }
            ByteReader context = item.value;
            if (!context.skip(4)) {  // context id, 3 reserved bytes
                inner = DecodeResult::malformed;
                return;
            }
            inner = worse(inner, sub_items(context, sub_type, kind, budget, emitted));
        });
        return worse(r, inner);
    }

    // AC: the transfer syntax of each accepted context (the AC does not repeat the abstract
    // syntax; it pairs with the RQ's context of the same id).
    DecodeResult accepted() noexcept {
        std::size_t emitted = 0;
        DecodeResult inner = DecodeResult::decoded;
        const DecodeResult r = for_each_item(items_, short_, [&](const Item& item) {
            if (item.type != kPresentationContextAc) {
                return;
            }
            ByteReader context = item.value;
            const auto id = context.u8();
            const auto reserved = context.u8();
            const auto result = context.u8();
            if (!id || !reserved || !result || !context.skip(1)) {
                inner = DecodeResult::malformed;
                return;
            }
            if (*result != kResultAcceptance) {
                return;  // §9.3.3.2: the transfer syntax of a rejected context is not significant
            }
            inner = worse(inner, sub_items(context, kTransferSyntax, FactKind::transfer_syntax,
                                           kMaxTransferSyntaxFacts, emitted));
        });
        return worse(r, inner);
    }

    // The UIDs of one context's sub-items of `type`, each new one a fact while the budget
    // lasts. The context item is whole, so running out inside it is malformed.
    DecodeResult sub_items(ByteReader context, std::uint8_t type, FactKind kind, std::size_t budget,
                           std::size_t& emitted) noexcept {
        return for_each_item(context, DecodeResult::malformed, [&](const Item& sub) {
            if (sub.type == type && emitted < budget &&
                facts_.sender_unique(kind, uid_of(sub.value))) {
                ++emitted;
            }
        });
    }

    bool rq_;
    Facts& facts_;
    std::string_view called_;
    std::string_view calling_;
    ByteReader items_;
    DecodeResult short_ = DecodeResult::malformed;
    DecodeResult result_ = DecodeResult::decoded;
};

}  // namespace

DecodeResult decode_associate(ByteReader in, Facts& facts) noexcept {
    const auto type = in.peek_u8();
    if (!type) {
        return in.shortfall();
    }
    Association association(*type, facts);
    return association.read(in);
}

}  // namespace daicho::collectors::dicom::detail
