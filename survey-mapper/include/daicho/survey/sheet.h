#pragma once
// Spreadsheet output for the ledger exports (`daicho ledger --format xlsx`). Hospital IT staff
// open the ledgers in Excel, and every cell may hold a string from the network, so cells are
// always stored as text (never as formulas), escaped and capped to Excel's cell limit.

#include <filesystem>
#include <string>
#include <vector>

namespace daicho::survey {

struct Sheet {
    std::string name;                  // worksheet name; sanitised to Excel's rules
    std::vector<std::string> headers;  // header row (UTF-8)
    std::vector<std::vector<std::string>> rows;
    std::vector<double> widths;  // optional per-column widths in characters;
                                 // missing or <= 0: computed from the content
};

// Writes one .xlsx workbook holding `sheets`, in order. The workbook is written to a temporary
// file beside `file` and renamed over it at the end, so on failure `file` is left as it was
// (absent, or the previous export). Throws Error naming the file and the problem.
void write_xlsx(const std::filesystem::path& file, const std::vector<Sheet>& sheets);

}  // namespace daicho::survey
