// Stored classification blobs (classify/class_cbor.h). CBOR, not JSON text: fact values are
// bytes from the wire, need not be UTF-8, and must come back unchanged.

#include "classify/class_cbor.h"

#include <nlohmann/json.hpp>

#include <array>
#include <limits>
#include <string>
#include <utility>

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

// The SAX events every reader refuses: a stored row never holds them.
struct StrictSax {
    bool null() { return false; }
    bool boolean(bool /*unused*/) { return false; }
    bool number_float(double /*unused*/, const std::string& /*unused*/) { return false; }
    bool binary(json::binary_t& /*unused*/) { return false; }
    bool parse_error(std::size_t /*unused*/, const std::string& /*unused*/,
                     const nlohmann::detail::exception& /*unused*/) {
        return false;
    }
};

// [{id, category, subtype, weight, evidence: [{kind, value, source, about, capture, frame,
// capture_id}]}] — nesting depth 1 the rule list, 2 a rule, 3 its evidence list, 4 one item.
class FiredReader : public StrictSax {
   public:
    std::vector<FiredRule> rules;

    bool start_array(std::size_t /*unused*/) {
        if (depth_ == 0 || (depth_ == 2 && key_ == "evidence" && take(kEvidenceList))) {
            ++depth_;
            return true;
        }
        return false;
    }
    bool end_array() {
        if (depth_ == 1 || depth_ == 3) {
            --depth_;
            return true;
        }
        return false;
    }
    bool start_object(std::size_t /*unused*/) {
        if (depth_ == 1) {
            rules.emplace_back();
            seen_ = 0;
        } else if (depth_ == 3) {
            rules.back().evidence.emplace_back();
            seen_item_ = 0;
        } else {
            return false;
        }
        ++depth_;
        return true;
    }
    bool end_object() {
        if (depth_ == 2 && seen_ == kRuleKeys) {
            --depth_;
            return true;
        }
        if (depth_ == 4 && seen_item_ == kItemKeys) {
            --depth_;
            return true;
        }
        return false;
    }
    bool key(std::string& k) {
        key_ = k;
        return depth_ == 2 || depth_ == 4;
    }
    bool string(std::string& s) {
        std::string* field = nullptr;
        if (depth_ == 2) {
            FiredRule& r = rules.back();
            field = key_ == "id"         ? take(1U, &r.id)
                    : key_ == "category" ? take(2U, &r.category)
                    : key_ == "subtype"  ? take(4U, &r.subtype)
                                         : nullptr;
        } else if (depth_ == 4) {
            RuleEvidence& e = rules.back().evidence.back();
            field = key_ == "kind"      ? take_item(1U, &e.kind)
                    : key_ == "value"   ? take_item(2U, &e.value)
                    : key_ == "source"  ? take_item(4U, &e.source)
                    : key_ == "about"   ? take_item(8U, &e.about)
                    : key_ == "capture" ? take_item(16U, &e.evidence.capture)
                                        : nullptr;
        }
        if (field == nullptr) {
            return false;
        }
        *field = std::move(s);
        return true;
    }
    bool number_unsigned(std::uint64_t v) {
        if (depth_ == 2 && key_ == "weight" && v <= std::numeric_limits<int>::max() &&
            take(kWeight)) {
            rules.back().weight = static_cast<int>(v);
            return true;
        }
        if (depth_ == 4 && key_ == "frame" && take_item(32U)) {
            rules.back().evidence.back().evidence.frame = v;
            return true;
        }
        if (v <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
            return number_integer(static_cast<std::int64_t>(v));
        }
        return false;
    }
    bool number_integer(std::int64_t v) {
        if (depth_ == 2 && key_ == "weight" && v >= std::numeric_limits<int>::min() &&
            v <= std::numeric_limits<int>::max() && take(kWeight)) {
            rules.back().weight = static_cast<int>(v);
            return true;
        }
        if (depth_ == 4 && key_ == "capture_id" && take_item(64U)) {
            rules.back().evidence.back().evidence.capture_id = v;
            return true;
        }
        return false;
    }

   private:
    static constexpr unsigned kWeight = 8U;
    static constexpr unsigned kEvidenceList = 16U;
    static constexpr unsigned kRuleKeys = 31U;
    static constexpr unsigned kItemKeys = 127U;

    // Marks a rule key seen; false when it came twice.
    bool take(unsigned bit) {
        if ((seen_ & bit) != 0) {
            return false;
        }
        seen_ |= bit;
        return true;
    }
    std::string* take(unsigned bit, std::string* field) { return take(bit) ? field : nullptr; }
    bool take_item(unsigned bit) {
        if ((seen_item_ & bit) != 0) {
            return false;
        }
        seen_item_ |= bit;
        return true;
    }
    std::string* take_item(unsigned bit, std::string* field) {
        return take_item(bit) ? field : nullptr;
    }

    int depth_ = 0;
    std::string key_;
    unsigned seen_ = 0;
    unsigned seen_item_ = 0;
};

// {name: string or [string]} for the MedicalSummary fields, every one present.
class MedicalReader : public StrictSax {
   public:
    MedicalSummary summary;

    bool start_object(std::size_t /*unused*/) { return depth_++ == 0; }
    bool end_object() { return depth_-- == 1 && seen_ == (1U << kFields.size()) - 1; }
    bool start_array(std::size_t /*unused*/) {
        if (depth_ != 1 || list_ == nullptr) {
            return false;
        }
        ++depth_;
        return true;
    }
    bool end_array() { return depth_-- == 2; }
    bool key(std::string& k) {
        text_ = nullptr;
        list_ = nullptr;
        for (std::size_t i = 0; i < kFields.size(); ++i) {
            if (kFields.at(i).name == k) {
                if ((seen_ & (1U << i)) != 0) {
                    return false;
                }
                seen_ |= 1U << i;
                if (kFields.at(i).text != nullptr) {
                    text_ = &(summary.*kFields.at(i).text);
                } else {
                    list_ = &(summary.*kFields.at(i).list);
                }
                return true;
            }
        }
        return false;
    }
    bool string(std::string& s) {
        if (depth_ == 1 && text_ != nullptr) {
            *text_ = std::move(s);
            text_ = nullptr;
            return true;
        }
        if (depth_ == 2 && list_ != nullptr) {
            list_->push_back(std::move(s));
            return true;
        }
        return false;
    }
    bool number_integer(std::int64_t /*unused*/) { return false; }
    bool number_unsigned(std::uint64_t /*unused*/) { return false; }

   private:
    struct Field {
        std::string_view name;
        std::string MedicalSummary::*text;
        std::vector<std::string> MedicalSummary::*list;
    };
    static constexpr std::array<Field, 10> kFields{{
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

    int depth_ = 0;
    unsigned seen_ = 0;
    std::string* text_ = nullptr;
    std::vector<std::string>* list_ = nullptr;
};

template <typename Reader>
bool parse(std::string_view bytes, Reader& reader) {
    try {
        return json::sax_parse(bytes.begin(), bytes.end(), &reader, json::input_format_t::cbor,
                               /*strict=*/true);
    } catch (const json::exception&) {
        return false;
    }
}

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
    FiredReader reader;
    if (!parse(bytes, reader)) {
        return std::nullopt;
    }
    return std::move(reader.rules);
}

std::optional<MedicalSummary> medical_from_cbor(std::string_view bytes) {
    MedicalReader reader;
    if (!parse(bytes, reader)) {
        return std::nullopt;
    }
    return std::move(reader.summary);
}

}  // namespace daicho::ledger
