#pragma once
// `daicho import ledger`: a hospital's own ledger (or daicho's export, edited in Excel) brought
// back as annotations. Rows are matched to discovered devices by MAC, then IP, then host name;
// what a matched row says in annotation columns becomes annotations; rows nobody saw on the
// wire and devices nobody listed are reported both ways. Planning reads only; apply writes the
// plan in one transaction, and a plan with any problem writes nothing.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "daicho/import/table_reader.h"
#include "daicho/ledger/classify.h"
#include "daicho/ledger/device.h"
#include "daicho/survey/survey_ledger.h"

namespace daicho::ledger {
class Ledger;
}

namespace daicho::import {

using ledger::DeviceRecord;
using ledger::Ledger;
using survey::Lang;
using survey::LedgerKind;

struct ImportOptions {
    std::vector<std::pair<std::string, std::string>> map;  // header -> key; key "" ignores it
    std::size_t header_row = 0;      // 1-based; 0: the first of the first rows with a
                                     // MAC, IP or host name header, else row 1
    std::optional<LedgerKind> kind;  // unset: inferred from the headers, else it
    bool clear_empty = false;        // an empty cell removes the annotation
    bool csv_apostrophes = false;    // the file is CSV: undo the export's "'" before
                                     // formula-like text (ledger/src/export/csv.cpp)
    // What a category/subtype cell may name (the ledger's knowledge); nullptr: the built-in.
    const ledger::Classifier* classifier = nullptr;
};

enum class ColumnUse { annotation, match, wire, ignored, unknown };

struct ImportColumn {
    std::size_t index = 0;  // 0-based
    std::string letter;     // "A", "AB"
    std::string header;
    std::string key;  // annotation key, "mac"/"ip"/"hostname", a wire key, or ""
    ColumnUse use = ColumnUse::unknown;
};

enum class MatchedBy { mac, ip, hostname };

// What identifies a ledger row to a person reading the report.
struct RowIdentity {
    std::size_t row = 0;  // row number in the file
    std::string mac;
    std::string ip;
    std::string hostname;
    std::string name;
    std::string asset_tag;
};

struct AnnotationChange {
    std::size_t row = 0;
    std::int64_t device_id = 0;
    std::string mac;
    std::string key;
    std::string before;  // "" when not annotated
    std::string after;   // "" removes (--clear-empty)
};

struct AmbiguousRow {
    RowIdentity identity;
    std::vector<std::int64_t> device_ids;
    std::size_t same_device_as_row = 0;  // non-zero: another row matched the same device
};

struct UnlistedDevice {
    std::int64_t id = 0;
    std::string mac;
    std::string ip;
    std::string hostname;
    std::string category;
};

struct ImportProblem {
    std::size_t row = 0;  // 0: about the file or its headers
    std::string column;   // header text (and letter); "" for the whole row or file
    std::string what;
};

struct ImportPlan {
    std::string encoding;
    std::string sheet;
    std::size_t header_row = 0;
    LedgerKind kind = LedgerKind::it;
    bool kind_inferred = false;
    std::vector<ImportColumn> columns;
    std::size_t rows = 0;  // non-empty rows under the header
    std::size_t by_mac = 0;
    std::size_t by_ip = 0;
    std::size_t by_hostname = 0;
    std::size_t annotations_set = 0;      // a key the device did not have
    std::size_t annotations_changed = 0;  // a different value (or removed)
    std::size_t annotations_unchanged = 0;
    std::size_t cells_flattened = 0;  // line breaks / tabs in a cell made spaces
    std::vector<AnnotationChange> changes;
    std::vector<RowIdentity> unmatched_rows;  // 台帳にあるが通信で未検出
    std::vector<UnlistedDevice> unlisted;     // 通信で検出されたが台帳にない
    std::vector<AmbiguousRow> ambiguous;
    std::vector<ImportProblem> problems;  // any: nothing may be written
};

// Throws std::invalid_argument for a --map naming an unknown key or a header that is not in the
// header row, or a header row past the end of the file.
[[nodiscard]] ImportPlan plan_import(const Table& table, std::span<const DeviceRecord> devices,
                                     const ImportOptions& options);

// Writes the plan's changes in one transaction with `source` ("import:<file name>"), each
// change recorded with `actor` (ledger/annotations.h). Throws Error when the plan has problems
// (nothing written) or the ledger refuses.
void apply_import(Ledger& ledger, const ImportPlan& plan, std::string_view source,
                  std::string_view actor = {});

// "aa:bb:cc:dd:ee:ff" from any common MAC notation ("AA-BB-..", "aabb.ccdd.eeff", bare hex,
// full-width digits); "" when it is not one.
[[nodiscard]] std::string normalise_mac(std::string_view text);

}  // namespace daicho::import
