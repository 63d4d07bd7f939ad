#pragma once
// Device list renderers for `daicho devices`. Every string here may come from the network:
// JSON escapes it, CSV neutralises spreadsheet formulas, the table escapes control bytes.

#include <cstdint>
#include <ostream>
#include <span>
#include <string>

#include "daicho/ledger/device.h"
#include "daicho/ledger/time.h"
#include "daicho/survey/words.h"

namespace daicho::survey {

using ledger::DeviceRecord;

void write_devices_json(std::ostream& out, std::span<const DeviceRecord> devices);
// UTF-8 with BOM, CRLF, RFC 4180 quoting, formula prefixes neutralised.
void write_devices_csv(std::ostream& out, std::span<const DeviceRecord> devices);
// Any Sheet (ledger/sheet.h) as Excel-ready CSV: UTF-8 with BOM, CRLF, every cell quoted,
// formula-looking cells neutralised, control bytes escaped.
struct Sheet;
void write_sheet_csv(std::ostream& out, const Sheet& sheet);
// Aligned text for a terminal; headers and categories in `lang` (wire strings as they came).
void write_devices_table(std::ostream& out, std::span<const DeviceRecord> devices,
                         Lang lang = Lang::en);

}  // namespace daicho::survey
