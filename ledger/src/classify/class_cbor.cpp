// Stored classification blobs (classify/class_cbor.h). CBOR, not JSON text: fact values are
// bytes from the wire, need not be UTF-8, and must come back unchanged.

#include "classify/class_cbor.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <utility>

#include "daicho/collectors/byte_reader.h"

namespace daicho::ledger {

namespace {

using nlohmann::json;

json evidence_json(const RuleEvidence& e) {
    return json{{"kind", e.kind},
                {"value", e.value},
                {"source", e.source},
                {"about", e.about},
                {"capture", e.evidence.capture},
                {"frame", e.evidence.frame},
                {"capture_id", e.evidence.capture_id}};
}

// The CBOR subset nlohmann's to_cbor writes for these blobs (RFC 8949: definite-length
// arrays, maps and text strings; unsigned and negative integers), read through the project's
// one bounds-checked reader. A whole read restores one row per device, and nlohmann's reader,
// SAX or DOM, went through its input adapter byte by byte (an eighth of reading a whole ledger).
class CborReader {
   public:
    explicit CborReader(std::string_view in) : in_(std::as_bytes(std::span(in))) {}

    [[nodiscard]] bool done() const { return in_.empty(); }

    // `least`: the fewest bytes one item can take, so a length in a damaged blob cannot make
    // the caller size a vector far beyond what the blob could hold.
    bool array(std::uint64_t& n, std::uint64_t least = 1) {
        return head(4, n) && n <= in_.remaining() / least;
    }
    bool map(std::uint64_t& n) { return head(5, n) && n <= in_.remaining(); }
    bool text(std::string& out) {
        std::string_view view;
        if (!key(view)) {
            return false;
        }
        out.assign(view);
        return true;
    }
    // A text in place: a map key, compared and not kept.
    bool key(std::string_view& out) {
        std::uint64_t n = 0;
        if (!head(3, n) || n > in_.remaining()) {
            return false;
        }
        const auto chars = in_.chars(static_cast<std::size_t>(n));
        out = chars.value_or(std::string_view());
        return chars.has_value();
    }
    bool uint(std::uint64_t& out) { return head(0, out); }
    bool integer(std::int64_t& out) {
        const auto initial = in_.peek_u8();
        std::uint64_t arg = 0;
        if (!initial || !head(*initial >> 5, arg) ||
            arg > static_cast<std::uint64_t>(INT64_MAX)) {
            return false;
        }
        if (*initial >> 5 == 0) {
            out = static_cast<std::int64_t>(arg);
            return true;
        }
        out = -1 - static_cast<std::int64_t>(arg);  // major 1 encodes -1 - n
        return *initial >> 5 == 1;
    }

   private:
    // The initial byte of an item of `major` type and its argument.
    bool head(int major, std::uint64_t& arg) {
        const auto initial = in_.u8();
        if (!initial || (*initial >> 5) != major) {
            return false;
        }
        const unsigned info = *initial & 0x1FU;
        std::optional<std::uint64_t> value;
        if (info < 24) {
            value = info;
        } else if (info == 24) {
            value = in_.u8();
        } else if (info == 25) {
            value = in_.be16();
        } else if (info == 26) {
            value = in_.be32();
        } else if (info == 27) {
            value = in_.be64();
        }  // else indefinite lengths and reserved values: never written here
        arg = value.value_or(0);
        return value.has_value();
    }

    collectors::ByteReader in_;
};

// A rule or an evidence item: a map of five or more keys, each a text of two or more bytes
// and a value of one or more.
constexpr std::uint64_t kLeastMapBytes = 16;

// Each key of a map exactly once: `bit` marks it in `seen`; false when it came twice.
bool once(unsigned& seen, unsigned bit) {
    if ((seen & bit) != 0) {
        return false;
    }
    seen |= bit;
    return true;
}

// A map: `field(name)` reads each key's value, false when the key is unknown or its value
// is not what it should be.
template <typename Field>
bool each_key(CborReader& r, Field&& field) {
    std::uint64_t keys = 0;
    if (!r.map(keys)) {
        return false;
    }
    for (std::uint64_t k = 0; k < keys; ++k) {
        std::string_view name;
        if (!r.key(name) || !field(name)) {
            return false;
        }
    }
    return true;
}

bool read_evidence(CborReader& r, RuleEvidence& e) {
    unsigned seen = 0;
    const bool ok = each_key(r, [&](std::string_view name) {
        if (name == "kind") {
            return once(seen, 1U) && r.text(e.kind);
        }
        if (name == "value") {
            return once(seen, 2U) && r.text(e.value);
        }
        if (name == "source") {
            return once(seen, 4U) && r.text(e.source);
        }
        if (name == "about") {
            return once(seen, 8U) && r.text(e.about);
        }
        if (name == "capture") {
            return once(seen, 16U) && r.text(e.evidence.capture);
        }
        if (name == "frame") {
            return once(seen, 32U) && r.uint(e.evidence.frame);
        }
        return name == "capture_id" && once(seen, 64U) && r.integer(e.evidence.capture_id);
    });
    return ok && seen == 127U;
}

bool read_rule(CborReader& r, FiredRule& rule) {
    unsigned seen = 0;
    const bool ok = each_key(r, [&](std::string_view name) {
        if (name == "id") {
            return once(seen, 1U) && r.text(rule.id);
        }
        if (name == "category") {
            return once(seen, 2U) && r.text(rule.category);
        }
        if (name == "subtype") {
            return once(seen, 4U) && r.text(rule.subtype);
        }
        if (name == "weight") {
            std::int64_t w = 0;
            const bool in_range = once(seen, 8U) && r.integer(w) &&
                                  w >= std::numeric_limits<int>::min() &&
                                  w <= std::numeric_limits<int>::max();
            rule.weight = static_cast<int>(w);
            return in_range;
        }
        std::uint64_t n = 0;
        if (name != "evidence" || !once(seen, 16U) || !r.array(n, kLeastMapBytes)) {
            return false;
        }
        rule.evidence.resize(static_cast<std::size_t>(n));
        return std::all_of(rule.evidence.begin(), rule.evidence.end(),
                           [&](RuleEvidence& e) { return read_evidence(r, e); });
    });
    return ok && seen == 31U;
}

// The MedicalSummary fields by their stored names.
struct MedicalField {
    std::string_view name;
    std::string MedicalSummary::*text;
    std::vector<std::string> MedicalSummary::*list;
};
constexpr std::array<MedicalField, 10> kMedicalFields{{
    {"ae_titles", nullptr, &MedicalSummary::ae_titles},
    {"dicom_roles", nullptr, &MedicalSummary::dicom_roles},
    {"implementation_class_uid", &MedicalSummary::implementation_class_uid, nullptr},
    {"implementation_version", &MedicalSummary::implementation_version, nullptr},
    {"sop_classes", nullptr, &MedicalSummary::sop_classes},
    {"modality", nullptr, &MedicalSummary::modality},
    {"hl7_applications", nullptr, &MedicalSummary::hl7_applications},
    {"hl7_facilities", nullptr, &MedicalSummary::hl7_facilities},
    {"hl7_message_types", nullptr, &MedicalSummary::hl7_message_types},
    {"hl7_equipment_ids", nullptr, &MedicalSummary::hl7_equipment_ids},
}};

}  // namespace

std::vector<std::uint8_t> fired_to_cbor(const std::vector<FiredRule>& fired) {
    json out = json::array();
    for (const FiredRule& r : fired) {
        json evidence = json::array();
        for (const RuleEvidence& e : r.evidence) {
            evidence.push_back(evidence_json(e));
        }
        out.push_back(json{{"id", r.id},
                           {"category", r.category},
                           {"subtype", r.subtype},
                           {"weight", r.weight},
                           {"evidence", std::move(evidence)}});
    }
    return json::to_cbor(out);
}

std::vector<std::uint8_t> medical_to_cbor(const std::optional<MedicalSummary>& m) {
    if (!m) {
        return {};
    }
    const json out{{"ae_titles", m->ae_titles},
                   {"dicom_roles", m->dicom_roles},
                   {"implementation_class_uid", m->implementation_class_uid},
                   {"implementation_version", m->implementation_version},
                   {"sop_classes", m->sop_classes},
                   {"modality", m->modality},
                   {"hl7_applications", m->hl7_applications},
                   {"hl7_facilities", m->hl7_facilities},
                   {"hl7_message_types", m->hl7_message_types},
                   {"hl7_equipment_ids", m->hl7_equipment_ids}};
    return json::to_cbor(out);
}

std::optional<std::vector<FiredRule>> fired_from_cbor(std::string_view bytes) {
    CborReader r(bytes);
    std::uint64_t n = 0;
    if (!r.array(n, kLeastMapBytes)) {
        return std::nullopt;
    }
    std::vector<FiredRule> rules(static_cast<std::size_t>(n));
    for (FiredRule& rule : rules) {
        if (!read_rule(r, rule)) {
            return std::nullopt;
        }
    }
    if (!r.done()) {
        return std::nullopt;
    }
    return rules;
}

std::optional<MedicalSummary> medical_from_cbor(std::string_view bytes) {
    CborReader r(bytes);
    MedicalSummary m;
    unsigned seen = 0;
    const bool ok = each_key(r, [&](std::string_view name) {
        const auto field = std::find_if(kMedicalFields.begin(), kMedicalFields.end(),
                                        [&](const MedicalField& f) { return f.name == name; });
        if (field == kMedicalFields.end() ||
            !once(seen, 1U << static_cast<unsigned>(field - kMedicalFields.begin()))) {
            return false;
        }
        if (field->text != nullptr) {
            return r.text(m.*field->text);
        }
        std::uint64_t n = 0;
        if (!r.array(n)) {
            return false;
        }
        auto& list = m.*field->list;
        list.resize(static_cast<std::size_t>(n));
        return std::all_of(list.begin(), list.end(), [&](std::string& item) { return r.text(item); });
    });
    if (!ok) {
        return std::nullopt;
    }
    if (seen != (1U << kMedicalFields.size()) - 1 || !r.done()) {
        return std::nullopt;
    }
    return m;
}

}  // namespace daicho::ledger
