#pragma once
// Which ledger column a header names: daicho's own export headers (both kinds, Japanese and
// English, and the JSON keys), the annotation vocabulary's names, and the hospital ledger
// synonyms of ledger/data/import_columns.json.

#include <optional>
#include <string>
#include <string_view>

#include "daicho/import/ledger_import.h"

namespace daicho::import::detail {

struct KnownHeader {
    std::string key;
    std::optional<LedgerKind> kind;  // the header only occurs in this kind of ledger
};

// Full-width ASCII and U+3000 folded, whitespace removed, ASCII lower-cased.
[[nodiscard]] std::string normalise_header(std::string_view header);

[[nodiscard]] std::optional<KnownHeader> recognise_header(std::string_view header);

// What a key does on import.
[[nodiscard]] ColumnUse use_of_key(std::string_view key);

}  // namespace daicho::import::detail
