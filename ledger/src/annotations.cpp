// annotate(): a person's statements about a device, validated as a whole, then written in one
// transaction. The device reader attaches them (read/devices.cpp) and a category annotation
// overrides the rules (classify/medical_summary.cpp); the devices' stored classifications are
// updated in the same transaction (write/reclassify.h). The SQL is in write/annotation_store.cpp.

#include "daicho/ledger/annotations.h"

#include <algorithm>
#include <string>

#include "daicho/ledger/classify.h"
#include "daicho/ledger/knowledge.h"
#include "daicho/ledger/ledger.h"
#include "daicho/ledger/snapshot.h"
#include "daicho/ledger/text.h"
#include "daicho/ledger/time.h"
#include "write/annotation_store.h"
#include "write/reclassify.h"

namespace daicho::ledger {

namespace {

bool known_key(std::string_view key) {
    return std::any_of(kAnnotationKeys.begin(), kAnnotationKeys.end(),
                       [&](const AnnotationKey& k) { return k.key == key; });
}

std::string key_list() {
    std::string out;
    for (const auto& k : kAnnotationKeys) {
        out += (out.empty() ? "" : ", ") + std::string(k.key);
    }
    return out;
}

// " (subtypes of medical: patient-monitor, infusion-pump, ...)": what a person may write.
std::string subtype_list(const Classifier& classifier, const std::string& category) {
    const auto subtypes = classifier.subtypes_of(category);
    if (subtypes.empty()) {
        return {};
    }
    std::string out = " (subtypes of " + category + ":";
    for (const auto& s : subtypes) {
        out += (out.back() == ':' ? " " : ", ") + s;
    }
    return out + ")";
}

}  // namespace

std::string_view canonical_status(std::string_view value) noexcept {
    for (const auto& [en, ja] : kStatusValues) {
        if (value == en || value == ja) {
            return en;
        }
    }
    return {};
}

std::string annotation_value_problem(std::string_view value) {
    if (value.size() > kMaxAnnotationBytes) {
        return "longer than " + std::to_string(kMaxAnnotationBytes) + " bytes";
    }
    // text::escape changes exactly the control characters, bidi overrides and invalid UTF-8
    // that every export escapes; refusing them keeps export -> edit -> import lossless.
    if (text::escape(value) != value) {
        return "has control characters or is not valid UTF-8: '" + text::escape(value) + "'";
    }
    return {};
}

void annotate(Ledger& ledger, std::int64_t device_id,
              const std::vector<std::pair<std::string, std::string>>& values,
              std::string_view source, std::string_view actor) {
    annotate_devices(ledger, {DeviceAnnotations{device_id, values}}, source, actor);
}

void annotate_devices(Ledger& ledger, const std::vector<DeviceAnnotations>& devices,
                      std::string_view source, std::string_view actor) {
    const std::string file = ledger.path().string();
    std::vector<AnnotationChange> all;
    for (const auto& device : devices) {
        AnnotationChange& c = all.emplace_back();
        c.device_id = device.device_id;
        for (const auto& [key, raw] : device.values) {
            if (!known_key(key)) {
                throw Error(
                    ErrorCode::unknown_annotation_key, {file, key, key_list()},
                    file + ": unknown annotation key '" + key + "' (keys: " + key_list() + ")");
            }
            if (const std::string problem = annotation_value_problem(raw); !problem.empty()) {
                throw Error(file + ": annotation " + key + " is " + problem);
            }
            std::string value = raw;
            if (key == "status" && !value.empty()) {
                const auto status = canonical_status(value);
                if (status.empty()) {
                    throw Error(ErrorCode::bad_status, {file, value},
                                file +
                                    ": status must be active/稼働, spare/予備 or retired/廃棄, "
                                    "not '" +
                                    value + "'");
                }
                value = std::string(status);
            }
            if (key == "same_box" && !value.empty()) {
                // Stored as the lookup reads it back: a ledger id, or a MAC in canonical form.
                const auto target = DeviceQuery::parse(value);
                if (!target || (target->by != DeviceQuery::By::id &&
                                target->by != DeviceQuery::By::mac)) {
                    throw Error(file + ": same_box must be a device id or a MAC, not '" + value +
                                "'");
                }
                value = target->by == DeviceQuery::By::id ? std::to_string(target->id)
                                                          : target->text;
                if (target->by == DeviceQuery::By::id && target->id == device.device_id) {
                    throw Error(file + ": same_box names the device itself");
                }
            }
            if (key == "own_box" && !value.empty() && value != "yes") {
                throw Error(file + ": own_box is 'yes' (or empty to take it back), not '" +
                            value + "'");
            }
            if (key == "category") {
                c.category = value;
                c.category_given = true;
            }
            if (key == "subtype") {
                c.subtype = value;
                c.subtype_given = true;
            }
            c.values.emplace_back(key, std::move(value));
        }
    }

    store_annotations(
        ledger.handle(), file, all, source, actor, now_us(),
        [&](const std::string& category, const std::string& subtype) {
            if (!subtype.empty() && category.empty()) {
                throw Error(file + ": a subtype annotation needs a category annotation too");
            }
            if (!category.empty() &&
                !ledger.knowledge().classifier().declares(category, subtype)) {
                throw Error(file + ": '" + category + (subtype.empty() ? "" : "/" + subtype) +
                            "' is not a category/subtype the classification rules declare" +
                            subtype_list(ledger.knowledge().classifier(), category));
            }
        },
        [&] {
            // A category annotation overrides the rules, and any annotation is an input of the
            // stored classification: store it again, in the same transaction.
            std::vector<std::int64_t> ids;
            ids.reserve(all.size());
            for (const AnnotationChange& c : all) {
                ids.push_back(c.device_id);
            }
            std::sort(ids.begin(), ids.end());
            ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
            reclassify(ledger.handle(), ledger.knowledge(), ledger.address_plan(), ids);
        });
}

}  // namespace daicho::ledger
