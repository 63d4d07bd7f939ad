#pragma once
// The SQL half of annotate() (daicho/ledger/annotations.h): validated annotations go into the
// annotations table in one IMMEDIATE transaction. What a value may be is decided by the
// caller; what depends on the stored state (the category a subtype belongs to) is checked
// here, inside the transaction, through the caller's `check`.

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

struct sqlite3;

namespace daicho::ledger {

struct AnnotationChange {
    std::int64_t device_id = 0;
    std::vector<std::pair<std::string, std::string>> values;  // "" removes the key
    std::string category;  // the values' category and subtype, when given
    std::string subtype;
    bool category_given = false;
    bool subtype_given = false;
};

// `check(category, subtype)` gets the category and subtype in force after the change and
// throws to refuse it; then, as on any error (an unknown device id: Error naming `file`),
// nothing is written. Every key whose value changes leaves an annotation_change event
// (ledger/events.h) with `actor`, in the same transaction. `before_commit` runs inside the
// transaction after the rows are written (the stored classification of the changed devices is
// rewritten there).
void store_annotations(
    sqlite3* db, const std::string& file, std::span<const AnnotationChange> changes,
    std::string_view source, std::string_view actor, std::int64_t at_us,
    const std::function<void(const std::string& category, const std::string& subtype)>& check,
    const std::function<void()>& before_commit);

}  // namespace daicho::ledger
