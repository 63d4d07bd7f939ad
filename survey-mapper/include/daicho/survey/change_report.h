#pragma once
// `daicho changes` renderers: the monthly report (ledger/changes.h) as a table for a terminal,
// a sheet for CSV/XLSX, and JSON. Names, addresses and versions come from the network: the
// table escapes control bytes, the sheet goes through write_sheet_csv / write_xlsx (formulas
// neutralised), JSON escapes. Times a person reads are in the hospital's zone; JSON keeps UTC.

#include <ostream>

#include "daicho/ledger/changes.h"
#include "daicho/survey/sheet.h"
#include "daicho/survey/time_zone.h"
#include "daicho/survey/words.h"

namespace daicho::survey {

void write_changes_json(std::ostream& out, const ledger::ChangeReport& report);
// A heading (period, zone, window, counts per kind), the changes, and a closing note on the
// devices that could not be judged.
void write_changes_table(std::ostream& out, const ledger::ChangeReport& report, Lang lang,
                         const TimeZone& zone);
[[nodiscard]] Sheet changes_sheet(const ledger::ChangeReport& report, Lang lang,
                                  const TimeZone& zone);

}  // namespace daicho::survey
