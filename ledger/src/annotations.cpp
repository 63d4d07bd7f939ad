// annotate(): a person's statements about a device, validated as a whole, then written in one
// transaction. The device reader attaches them (read/devices.cpp) and a category annotation
// overrides the rules (classify/medical_summary.cpp).

#include "daicho/ledger/annotations.h"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <string>

#include "daicho/ledger/classify.h"
#include "daicho/ledger/ledger.h"
#include "db/statement.h"

namespace daicho::ledger {

namespace {

// A spreadsheet cell's worth; longer text is a paste accident, not a location.
constexpr std::size_t kMaxAnnotationBytes = 1024;

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

void annotate(Ledger& ledger, std::int64_t device_id,
              const std::vector<std::pair<std::string, std::string>>& values,
              std::string_view source) {
    sqlite3* db = ledger.handle();
    const std::string file = ledger.path().string();
    std::vector<std::pair<std::string, std::string>> checked;
    std::string category;
    std::string subtype;
    bool subtype_given = false;
    for (const auto& [key, raw] : values) {
        if (!known_key(key)) {
            throw Error(file + ": unknown annotation key '" + key + "' (keys: " + key_list() + ")");
        }
        if (raw.size() > kMaxAnnotationBytes) {
            throw Error(file + ": annotation " + key + " is longer than " +
                        std::to_string(kMaxAnnotationBytes) + " bytes");
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
            category = value;
        }
        if (key == "subtype") {
            subtype = value;
            subtype_given = true;
        }
        checked.emplace_back(key, std::move(value));
    }

    db::exec(db, "annotate", "BEGIN IMMEDIATE");
    try {
        db::Statement exists(db, "find_device_by_id", "SELECT 1 FROM devices WHERE id = ?1");
        exists.bind(1, device_id);
        if (!exists.step()) {
            throw Error(file + ": no device with id " + std::to_string(device_id));
        }
        exists.reset();
        // A subtype names a subtype of the category in force after this change.
        db::Statement current(db, "current_annotation",
                              "SELECT value FROM annotations WHERE device_id = ?1 AND key = ?2");
        const auto stored = [&](const char* key) {
            current.reset();
            current.bind(1, device_id).bind(2, std::string_view(key));
            std::string v = current.step() ? current.column_text(0) : std::string();
            current.reset();
            return v;
        };
        const bool category_given = std::any_of(
            checked.begin(), checked.end(), [](const auto& kv) { return kv.first == "category"; });
        const std::string effective_category = category_given ? category : stored("category");
        const std::string effective_subtype = subtype_given ? subtype : stored("subtype");
        if (!effective_subtype.empty() && effective_category.empty()) {
            throw Error(file + ": a subtype annotation needs a category annotation too");
        }
        if (!effective_category.empty() &&
            !Classifier::builtin().declares(effective_category, effective_subtype)) {
            throw Error(file + ": '" + effective_category +
                        (effective_subtype.empty() ? "" : "/" + effective_subtype) +
                        "' is not a category/subtype of ledger/data/classification_rules.json");
        }
        db::Statement upsert(db, "upsert_annotation",
                             "INSERT INTO annotations (device_id, key, value, set_at, source) "
                             "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (device_id, key) DO UPDATE "
                             "SET value = excluded.value, set_at = excluded.set_at, "
                             "source = excluded.source");
        db::Statement remove(db, "remove_annotation",
                             "DELETE FROM annotations WHERE device_id = ?1 AND key = ?2");
        const std::int64_t at = now_us();
        for (const auto& [key, value] : checked) {
            if (value.empty()) {
                remove.reset();
                remove.bind(1, device_id).bind(2, key);
                remove.run();
                continue;
            }
            upsert.reset();
            upsert.bind(1, device_id).bind(2, key).bind(3, value).bind(4, at).bind(5, source);
            upsert.run();
        }
        db::exec(db, "annotate", "COMMIT");
    } catch (...) {
        if (sqlite3_get_autocommit(db) == 0) {
            sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
        }
        throw;
    }
}

}  // namespace daicho::ledger
