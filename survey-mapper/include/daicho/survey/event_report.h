#pragma once
// `daicho events` renderers. Every before/after value may come from the network: JSON escapes
// it, the table escapes control bytes, the sheet goes through write_sheet_csv / write_xlsx.
// The table and the sheet give times in the hospital's zone (config "time_zone"), named in
// their header, as a person reads them; JSON keeps UTC to the microsecond.

#include <cstddef>
#include <ostream>
#include <span>

#include "daicho/ledger/events.h"
#include "daicho/survey/sheet.h"
#include "daicho/survey/time_zone.h"
#include "daicho/survey/words.h"

namespace daicho::survey {

using ledger::EventRecord;

void write_events_json(std::ostream& out, std::span<const EventRecord> events);
void write_events_table(std::ostream& out, std::span<const EventRecord> events, Lang lang,
                        const TimeZone& zone = TimeZone());
[[nodiscard]] Sheet events_sheet(std::span<const EventRecord> events, Lang lang,
                                 const TimeZone& zone = TimeZone());
// `explain`'s short history section: the newest kAnnotationHistoryLines annotation_change
// events of `events` (oldest first), who and when, and how many earlier ones `events` shows.
// Nothing when there are none.
inline constexpr std::size_t kAnnotationHistoryLines = 10;
void write_annotation_history(std::ostream& out, std::span<const EventRecord> events, Lang lang,
                              const TimeZone& zone = TimeZone());

}  // namespace daicho::survey
