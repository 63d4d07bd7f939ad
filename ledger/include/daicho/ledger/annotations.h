#pragma once
// Annotations: what a person says about a device that the wire cannot show (所在, 利用者,
// 管理番号, 保守事業者 ...) and a person's own classification, which always wins over the
// rules and is never changed by rediscovery. Stored per (device, key) in the ledger.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace daicho::ledger {

class Ledger;

struct AnnotationKey {
    std::string_view key;  // the CLI / JSON / import name
    std::string_view ja;   // the ledger column header (answer-logic.md §5.1)
    std::string_view en;
};

// The vocabulary, in ledger column order. Anything else is refused, so a typo never becomes a
// silent new column.
inline constexpr std::array<AnnotationKey, 19> kAnnotationKeys{{
    {"asset_tag", "管理番号（資産番号）", "Asset tag"},
    {"name", "機器名", "Device name"},
    {"category", "機器種別", "Category"},
    {"subtype", "機器細分類", "Subtype"},
    {"role", "用途・役割", "Role"},
    {"location", "所在（設置場所）", "Location"},
    {"department", "設置部署", "Department"},
    {"owner_dept", "管理部署", "Owning department"},
    {"user", "利用者", "User"},
    {"custodian", "管理責任者", "Custodian"},
    {"model", "型番・機種名", "Model"},
    {"serial", "シリアル番号", "Serial number"},
    {"maint_vendor", "保守事業者", "Maintenance vendor"},
    {"maint_until", "保守契約期限", "Maintenance until"},
    {"remote_maint", "リモート保守の有無・経路", "Remote maintenance"},
    {"status", "状態（稼働／予備／廃棄）", "Status"},
    {"note", "備考", "Note"},
    // One box, several interfaces (read/box_interfaces.h): a person joins this row to the box
    // of another device (its ledger id or MAC), or keeps it a box of its own ("yes").
    {"same_box", "同一機器（統合先の機器IDかMAC）", "Same box as (device id or MAC)"},
    {"own_box", "別機器として扱う（yes）", "Own box (yes)"},
}};

// Values `status` takes (稼働 / 予備 / 廃棄); the Japanese words are accepted on input too.
inline constexpr std::array<std::pair<std::string_view, std::string_view>, 3> kStatusValues{{
    {"active", "稼働"},
    {"spare", "予備"},
    {"retired", "廃棄"},
}};

// A spreadsheet cell's worth; longer text is a paste accident, not a location.
inline constexpr std::size_t kMaxAnnotationBytes = 1024;

struct Annotation {
    std::string key;
    std::string value;
    std::int64_t set_at_us = 0;
    std::string source;
};

// Sets (or, with an empty value, removes) annotations of one device in one transaction.
// Validates every key, `status` values, `category`/`subtype` against the classification
// rules, and that values are one line of text (no control characters, valid UTF-8: what the
// exports show unchanged) before writing anything. Throws ledger::Error naming the problem;
// then nothing changed. Each changed key leaves an annotation_change event naming `actor`
// (who: a person or a config's operator; "" unknown), in the same transaction.
void annotate(Ledger& ledger, std::int64_t device_id,
              const std::vector<std::pair<std::string, std::string>>& values,
              std::string_view source, std::string_view actor = {});

// The same for many devices (`daicho import ledger`): all validated, then one transaction.
struct DeviceAnnotations {
    std::int64_t device_id = 0;
    std::vector<std::pair<std::string, std::string>> values;
};
void annotate_devices(Ledger& ledger, const std::vector<DeviceAnnotations>& devices,
                      std::string_view source, std::string_view actor = {});

// Why `value` cannot be an annotation value ("" when it can): too long, control characters,
// not UTF-8. Keys and status/category words are checked by annotate().
[[nodiscard]] std::string annotation_value_problem(std::string_view value);

// The canonical `status` value for an input ("稼働" -> "active"), "" when unknown.
[[nodiscard]] std::string_view canonical_status(std::string_view value) noexcept;

}  // namespace daicho::ledger
