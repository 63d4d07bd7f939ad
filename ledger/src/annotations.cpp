// annotate(): a person's statements about a device, validated as a whole, then written in one
// transaction. The device reader attaches them (read/devices.cpp) and a category annotation
// overrides the rules (classify/medical_summary.cpp); the devices' stored classifications are
// updated in the same transaction (write/reclassify.h).

#include "daicho/ledger/annotations.h"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <string>

#include "daicho/ledger/classify.h"
#include "daicho/ledger/knowledge.h"
#include "daicho/ledger/ledger.h"
#include "daicho/ledger/text.h"
#include "db/statement.h"
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

std::int64_t now_us() {
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
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
              std::string_view source) {
    annotate_devices(ledger, {DeviceAnnotations{device_id, values}}, source);
}

void annotate_devices(Ledger& ledger, const std::vector<DeviceAnnotations>& devices,
                      std::string_view source) {
    sqlite3* db = ledger.handle();
    const std::string file = ledger.path().string();
    struct Checked {
        std::int64_t device_id = 0;
        std::vector<std::pair<std::string, std::string>> values;
        std::string category;
        std::string subtype;
        bool category_given = false;
        bool subtype_given = false;
    };
    std::vector<Checked> all;
    for (const auto& device : devices) {
        Checked& c = all.emplace_back();
        c.device_id = device.device_id;
        for (const auto& [key, raw] : device.values) {
            if (!known_key(key)) {
                throw Error(file + ": unknown annotation key '" + key + "' (keys: " + key_list() +
                            ")");
            }
            if (const std::string problem = annotation_value_problem(raw); !problem.empty()) {
                throw Error(file + ": annotation " + key + " is " + problem);
            }
            std::string value = raw;
            if (key == "status" && !value.empty()) {
                const auto status = canonical_status(value);
                if (status.empty()) {
                    throw Error(file +
                                ": status must be active/稼働, spare/予備 or retired/廃棄, not '" +
                                value + "'");
                }
                value = std::string(status);
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

    db::exec(db, "annotate", "BEGIN IMMEDIATE");
    try {
        db::Statement exists(db, "find_device_by_id", "SELECT 1 FROM devices WHERE id = ?1");
        // A subtype names a subtype of the category in force after this change.
        db::Statement current(db, "current_annotation",
                              "SELECT value FROM annotations WHERE device_id = ?1 AND key = ?2");
        db::Statement upsert(db, "upsert_annotation",
                             "INSERT INTO annotations (device_id, key, value, set_at, source) "
                             "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (device_id, key) DO UPDATE "
                             "SET value = excluded.value, set_at = excluded.set_at, "
                             "source = excluded.source");
        db::Statement remove(db, "remove_annotation",
                             "DELETE FROM annotations WHERE device_id = ?1 AND key = ?2");
        const std::int64_t at = now_us();
        for (const Checked& c : all) {
            exists.reset();
            exists.bind(1, c.device_id);
            if (!exists.step()) {
                throw Error(file + ": no device with id " + std::to_string(c.device_id));
            }
            exists.reset();
            const auto stored = [&](const char* key) {
                current.reset();
                current.bind(1, c.device_id).bind(2, std::string_view(key));
                std::string v = current.step() ? current.column_text(0) : std::string();
                current.reset();
                return v;
            };
            const std::string effective_category =
                c.category_given ? c.category : stored("category");
            const std::string effective_subtype = c.subtype_given ? c.subtype : stored("subtype");
            if (!effective_subtype.empty() && effective_category.empty()) {
                throw Error(file + ": a subtype annotation needs a category annotation too");
            }
            if (!effective_category.empty() &&
                !ledger.knowledge().classifier().declares(effective_category,
                                                          effective_subtype)) {
                throw Error(file + ": '" + effective_category +
                            (effective_subtype.empty() ? "" : "/" + effective_subtype) +
                            "' is not a category/subtype of ledger/data/classification_rules.json");
            }
            for (const auto& [key, value] : c.values) {
                if (value.empty()) {
                    remove.reset();
                    remove.bind(1, c.device_id).bind(2, key);
                    remove.run();
                    continue;
                }
                upsert.reset();
                upsert.bind(1, c.device_id).bind(2, key).bind(3, value).bind(4, at).bind(5, source);
                upsert.run();
            }
        }
        // A category annotation overrides the rules, and any annotation is an input of the
        // stored classification: store it again, in the same transaction.
        std::vector<std::int64_t> ids;
        ids.reserve(all.size());
        for (const Checked& c : all) {
            ids.push_back(c.device_id);
        }
        std::sort(ids.begin(), ids.end());
        ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
        static_cast<void>(reclassify(db, ledger.knowledge(), ids));
        db::exec(db, "annotate", "COMMIT");
    } catch (...) {
        if (sqlite3_get_autocommit(db) == 0) {
            sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
        }
        throw;
    }
}

}  // namespace daicho::ledger
