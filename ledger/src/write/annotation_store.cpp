#include "write/annotation_store.h"

#include <sqlite3.h>

#include "daicho/ledger/ledger.h"
#include "db/statement.h"

namespace daicho::ledger {

void store_annotations(
    sqlite3* db, const std::string& file, std::span<const AnnotationChange> changes,
    std::string_view source, std::string_view actor, std::int64_t at_us,
    const std::function<void(const std::string& category, const std::string& subtype)>& check,
    const std::function<void()>& before_commit) {
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
        db::Statement history(db, "annotation_history",
                              "INSERT INTO events (device_id, at_us, kind, field, before, after, "
                              "note, actor, recorded_at_us) "
                              "VALUES (?1, ?2, 'annotation_change', ?3, ?4, ?5, ?6, ?7, ?2)");
        for (const AnnotationChange& c : changes) {
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
            check(effective_category, effective_subtype);
            for (const auto& [key, value] : c.values) {
                if (const std::string before = stored(key.c_str()); before != value) {
                    history.reset();
                    history.bind(1, c.device_id)
                        .bind(2, at_us)
                        .bind(3, key)
                        .bind(4, before)
                        .bind(5, value)
                        .bind(6, source)
                        .bind(7, actor);
                    history.run();
                }
                if (value.empty()) {
                    remove.reset();
                    remove.bind(1, c.device_id).bind(2, key);
                    remove.run();
                    continue;
                }
                upsert.reset();
                upsert.bind(1, c.device_id)
                    .bind(2, key)
                    .bind(3, value)
                    .bind(4, at_us)
                    .bind(5, source);
                upsert.run();
            }
        }
        before_commit();
        db::exec(db, "annotate", "COMMIT");
    } catch (...) {
        if (sqlite3_get_autocommit(db) == 0) {
            sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
        }
        throw;
    }
}

}  // namespace daicho::ledger
