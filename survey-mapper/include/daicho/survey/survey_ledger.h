#pragma once
// The survey's two ledgers as tables (answer-logic.md §5.1, §5.2): Q8 情報機器台帳 (servers,
// PCs, network gear, printers and every other non-medical device, unknowns included so a
// person can classify them) and Q9 ネットワーク接続医療機器台帳 (medical devices). One row per
// device: what the wire showed, what a person annotated, first/last seen, and where the
// classification came from with its confidence.

#include <cstddef>
#include <ostream>
#include <span>
#include <string>
#include <string_view>

#include "daicho/ledger/device.h"
#include "daicho/survey/sheet.h"
#include "daicho/survey/words.h"

namespace daicho::survey {

using ledger::DeviceRecord;

enum class LedgerKind { it, medical };

[[nodiscard]] Sheet survey_ledger(std::span<const DeviceRecord> devices, LedgerKind kind,
                                  Lang lang);

// `daicho ledger --format json`: the sheet's rows as objects keyed by survey_ledger_keys(kind).
void write_survey_ledger_json(std::ostream& out, const Sheet& sheet, LedgerKind kind);

// The ledger's column keys in order (the JSON export's keys), for tests and importers.
[[nodiscard]] std::span<const std::string_view> survey_ledger_keys(LedgerKind kind);

// For `daicho import ledger`, which must recognise its own exports: the header of column `i`
// of survey_ledger_keys(kind) ("" when it is none) and one cell as survey_ledger() writes it.
// (category_from_word in ledger/words.h reads the category back.)
[[nodiscard]] std::string_view survey_ledger_header(LedgerKind kind, std::size_t i, Lang lang);
[[nodiscard]] std::string survey_ledger_cell(const DeviceRecord& device, std::string_view key,
                                             Lang lang);

}  // namespace daicho::survey
