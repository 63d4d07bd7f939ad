#pragma once
// Spreadsheet output for the ledger exports (`daicho ledger --format xlsx`). Hospital IT staff
// open the ledgers in Excel, and every cell may hold a string from the network, so cells are
// always stored as text (never as formulas), escaped and capped to Excel's cell limit.

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace daicho::survey {

// How write_xlsx stores a column's cells (CSV and JSON write the text as it is).
enum class CellType {
    text,
    // A cell that is one whole number ("20") is stored as a number (Excel's green "number
    // stored as text" triangles otherwise); anything else ("10 20") stays text.
    number,
    // "YYYY/MM/DD HH:MM[:SS]" (a local time: TimeZone::minutes) is stored as an Excel date
    // shown as yyyy/mm/dd hh:mm; anything else stays text.
    datetime,
};

struct Sheet {
    std::string name;                  // worksheet name; sanitised to Excel's rules
    std::vector<std::string> headers;  // header row (UTF-8)
    std::vector<std::vector<std::string>> rows;
    std::vector<double> widths;  // optional per-column widths in characters;
                                 // missing or <= 0: computed from the content
    // The workbook's print and screen layout (write_xlsx only):
    // Lines above the header: the title block (the first in bold), then one blank row.
    std::vector<std::string> title{};
    // Columns kept in view when scrolling right (the device's tag, type and name).
    std::size_t freeze_columns = 0;
    std::vector<CellType> types{};  // per column; missing: text
};

// Writes one .xlsx workbook holding `sheets`, in order. The workbook is written to a temporary
// file beside `file` and renamed over it at the end, so on failure `file` is left as it was
// (absent, or the previous export). Throws Error naming the file and the problem.
void write_xlsx(const std::filesystem::path& file, const std::vector<Sheet>& sheets);

}  // namespace daicho::survey
