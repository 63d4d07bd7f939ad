#pragma once
// `daicho events` renderers. Every before/after value may come from the network: JSON escapes
// it, the table escapes control bytes, the sheet goes through write_sheet_csv / write_xlsx.

#include <ostream>
#include <span>

#include "daicho/ledger/events.h"
#include "daicho/survey/sheet.h"
#include "daicho/survey/words.h"

namespace daicho::survey {

using ledger::EventRecord;

void write_events_json(std::ostream& out, std::span<const EventRecord> events);
void write_events_table(std::ostream& out, std::span<const EventRecord> events, Lang lang);
[[nodiscard]] Sheet events_sheet(std::span<const EventRecord> events, Lang lang);

}  // namespace daicho::survey
