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
#include <vector>
#include <cstdint>

#include "daicho/ledger/classify.h"
#include "daicho/ledger/device.h"
#include "daicho/survey/time_zone.h"
#include "daicho/survey/sheet.h"
#include "daicho/survey/words.h"

namespace daicho::survey {

using ledger::DeviceRecord;

enum class LedgerKind { it, medical };

struct LedgerOptions {
    Lang lang = Lang::ja;
    // Times (初回/最終検出日時) in this zone, as Excel dates in the workbook.
    TimeZone zone = *TimeZone::load(kDefaultTimeZone);
    // The medical-maker catalogue (Knowledge::classifier()): 製造販売業者 in Japanese where it
    // knows the MAC's maker, the IEEE registry's name in its own column. nullptr: IEEE only.
    const ledger::Classifier* makers = nullptr;
};

[[nodiscard]] Sheet survey_ledger(std::span<const DeviceRecord> devices, LedgerKind kind,
                                  const LedgerOptions& options);
// The same with the default zone (Asia/Tokyo) and no maker catalogue.
[[nodiscard]] Sheet survey_ledger(std::span<const DeviceRecord> devices, LedgerKind kind,
                                  Lang lang);

// The workbook's title block (Sheet::title): what the sheet is, for which hospital, as of when
// (基準日: the newest sighting), over which observation period, generated when and by whom.
struct LedgerTitle {
    std::string hospital;  // "" none
    std::int64_t observed_from_us = 0;
    std::int64_t observed_until_us = 0;  // also the 基準日
    std::int64_t generated_us = 0;
    std::string by;  // "" unknown
};
[[nodiscard]] std::vector<std::string> ledger_title(LedgerKind kind, const LedgerTitle& title,
                                                    Lang lang, const TimeZone& zone);

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
// The same with the workbook's options (zone, maker catalogue).
[[nodiscard]] std::string survey_ledger_cell(const DeviceRecord& device, std::string_view key,
                                             const LedgerOptions& options);

}  // namespace daicho::survey
