// `daicho ledger --format xlsx`: the ledgers as Excel workbooks, through libxlsxwriter.
// Every cell is written with worksheet_write_string, so Excel stores it as a shared string and
// never evaluates it, whatever it starts with ("=", "+", "-", "@": OWASP "CSV injection" does
// not apply to typed cells). Limits: Excel "Specifications and limits" (32,767 characters in a
// cell, 31 in a sheet name); ECMA-376 Part 1 §22.9.2.19 ST_Xstring for the "_xHHHH_" escapes.

#include <xlsxwriter.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "daicho/ledger/ledger.h"
#include "daicho/ledger/text.h"
#include "daicho/survey/sheet.h"
#include "daicho/service/platform.h"

namespace daicho::survey {

using namespace ledger;  // the core's device model, read API and text helpers

namespace {

// Excel counts UTF-16 code units against both limits; libxlsxwriter counts code points, which
// are never more, so staying under the UTF-16 count satisfies both.
constexpr std::size_t kMaxCellUnits = 32767;
constexpr std::size_t kMaxSheetNameUnits = 31;
constexpr double kMinColumnWidth = 6;
constexpr double kMaxColumnWidth = 28;
// Excel's width unit is the "0" of the default font; a cell needs a little more than its text,
// and a header cell also holds the autofilter drop-down button.
constexpr double kCellPadding = 2;
constexpr double kHeaderPadding = 4;
constexpr std::string_view kCutMark = "\u2026";  // "…", one UTF-16 unit
constexpr lxw_color_t kHeaderFill = 0xDDEBF7;    // light blue, legible in print
constexpr std::uint8_t kPaperA4 = 9;             // ECMA-376 Part 1 §18.3.1.63 paperSize
// A header wraps onto more lines rather than widen its column past this (a printed Q8 has
// some 25 columns to fit across one A4 page).
constexpr double kMaxHeaderWidth = 14;

[[noreturn]] void fail(const std::filesystem::path& file, const std::string& what) {
    throw Error(file.string() + ": xlsx export: " + what);
}

void check(lxw_error err, const std::filesystem::path& file, const std::string& what) {
    if (err != LXW_NO_ERROR) {
        fail(file, what + ": " + lxw_strerror(err));
    }
}

// Bytes of the longest prefix of valid UTF-8 that fits in `max_units` UTF-16 code units.
std::size_t prefix_for_units(std::string_view utf8, std::size_t max_units) {
    std::size_t units = 0;
    std::size_t i = 0;
    while (i < utf8.size()) {
        const auto lead = static_cast<unsigned char>(utf8[i]);
        const std::size_t len = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        const std::size_t u = len == 4 ? 2 : 1;  // astral characters are surrogate pairs
        if (units + u > max_units) {
            break;
        }
        units += u;
        i += len;
    }
    return std::min(i, utf8.size());
}

// Excel decodes "_xHHHH_" inside a stored string as the character U+HHHH, so a device that
// names itself "_x003D_1" would show as "=1". Escaping the underscore as "_x005F_" keeps the
// text literal. Every candidate is escaped, including one that starts on the closing
// underscore of the previous one, because Excel decodes left to right.
std::string protect_ooxml_escapes(std::string_view s) {
    auto is_hex = [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    };
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        const bool escape_like = s[i] == '_' && i + 6 < s.size() &&
                                 (s[i + 1] == 'x' || s[i + 1] == 'X') && is_hex(s[i + 2]) &&
                                 is_hex(s[i + 3]) && is_hex(s[i + 4]) && is_hex(s[i + 5]) &&
                                 s[i + 6] == '_';
        if (escape_like) {
            out += "_x005F";
        }
        out += s[i];
    }
    return out;
}

struct Cell {
    std::string stored;       // what goes into the workbook
    std::size_t columns = 0;  // display columns of what Excel shows
};

Cell make_cell(std::string_view raw) {
    const std::string shown = text::escape(raw);
    std::string stored = protect_ooxml_escapes(shown);
    const std::size_t fit = prefix_for_units(stored, kMaxCellUnits);
    if (fit < stored.size()) {
        stored =
            std::string(text::truncate_bytes(stored, prefix_for_units(stored, kMaxCellUnits - 1)));
        stored += kCutMark;
    }
    return {std::move(stored), text::display_width(shown)};
}

std::string ascii_lower(std::string s) {
    for (char& c : s) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return s;
}

// Cut to `units`, then drop the apostrophes a cut (or the caller) left at the end.
std::string cut_name(std::string_view name, std::size_t units) {
    std::string out(text::truncate_bytes(name, prefix_for_units(name, units)));
    while (!out.empty() && out.back() == '\'') {
        out.pop_back();
    }
    return out;
}

// Excel refuses names over 31 characters, with any of []:*?/\, starting or ending with an
// apostrophe, empty, equal to another sheet's name ignoring case, or "History" (reserved).
std::string sheet_name(std::string_view raw, std::size_t index, std::set<std::string>& used) {
    std::string name = text::escape(raw);  // escapes contain '\', replaced below
    for (char& c : name) {
        if (std::strchr("[]:*?/\\", c) != nullptr && c != '\0') {
            c = '_';
        }
    }
    while (!name.empty() && name.front() == '\'') {
        name.erase(name.begin());
    }
    name = cut_name(name, kMaxSheetNameUnits);
    if (name.empty()) {
        name = "Sheet" + std::to_string(index + 1);
    }
    if (ascii_lower(name) == "history") {
        name += '_';
    }
    std::string candidate = name;
    for (int n = 2; used.count(ascii_lower(candidate)) != 0; ++n) {
        const std::string suffix = " (" + std::to_string(n) + ")";
        candidate = cut_name(name, kMaxSheetNameUnits - suffix.size()) + suffix;
    }
    used.insert(ascii_lower(candidate));
    return candidate;
}

// A cell of a CellType::number column that is one whole number; nullopt otherwise.
std::optional<double> whole_number(std::string_view raw) {
    if (raw.empty() || raw.size() > 15 ||
        !std::all_of(raw.begin(), raw.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) {
        return std::nullopt;
    }
    return static_cast<double>(std::stoll(std::string(raw)));
}

// "YYYY/MM/DD HH:MM[:SS]" (TimeZone::minutes) as libxlsxwriter's date; nullopt otherwise.
std::optional<lxw_datetime> local_datetime(std::string_view raw) {
    const auto num = [&](std::size_t pos, std::size_t len, int& out) {
        if (pos + len > raw.size()) {
            return false;
        }
        out = 0;
        for (std::size_t i = pos; i < pos + len; ++i) {
            if (raw[i] < '0' || raw[i] > '9') {
                return false;
            }
            out = out * 10 + (raw[i] - '0');
        }
        return true;
    };
    lxw_datetime t{};
    int sec = 0;
    if ((raw.size() != 16 && raw.size() != 19) || raw[4] != '/' || raw[7] != '/' ||
        raw[10] != ' ' || raw[13] != ':' || !num(0, 4, t.year) || !num(5, 2, t.month) ||
        !num(8, 2, t.day) || !num(11, 2, t.hour) || !num(14, 2, t.min) ||
        (raw.size() == 19 && (raw[16] != ':' || !num(17, 2, sec))) || t.year < 1900 ||
        t.month < 1 || t.month > 12 || t.day < 1 || t.day > 31 || t.hour > 23 || t.min > 59 ||
        sec > 59) {
        return std::nullopt;
    }
    t.sec = sec;
    return t;
}

struct WorkbookDeleter {
    void operator()(lxw_workbook* wb) const noexcept { lxw_workbook_free(wb); }
};
using WorkbookPtr = std::unique_ptr<lxw_workbook, WorkbookDeleter>;

// The temporary file beside the target; removed unless it was renamed over the target.
class TempFile {
   public:
    // The file is made beside the target (platform.h: the target's permissions when it
    // exists), so the rename stays on one file system.
    explicit TempFile(const std::filesystem::path& target) : target_(target) {
        const std::filesystem::path dir = target.has_parent_path() ? target.parent_path() : ".";
        try {
            path_ = platform::create_temp_beside(target);
        } catch (const std::system_error& e) {
            fail(target, "cannot create a file in " + dir.string() + ": " + e.code().message());
        }
    }
    ~TempFile() {
        if (!path_.empty()) {
            std::error_code ec;
            std::filesystem::remove(path_, ec);
        }
    }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;

    [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }

    // Flushed before the rename, so that after a crash the target is the old or the new
    // workbook.
    void commit() {
        try {
            platform::flush_to_disk(path_);
        } catch (const std::system_error& e) {
            fail(target_, "cannot flush " + path_.string() + ": " + e.code().message());
        }
        std::error_code ec;
        std::filesystem::rename(path_, target_, ec);
        if (ec) {
            fail(target_, "cannot rename " + path_.string() + " over it: " + ec.message());
        }
        path_.clear();
    }

   private:
    std::filesystem::path target_;
    std::filesystem::path path_;
};

struct Formats {
    lxw_format* title = nullptr;
    lxw_format* header = nullptr;
    lxw_format* cell = nullptr;
    lxw_format* wrap = nullptr;
    lxw_format* number = nullptr;
    lxw_format* datetime = nullptr;
};

Formats make_formats(lxw_workbook* wb, const std::filesystem::path& file) {
    Formats f;
    for (lxw_format** format : {&f.title, &f.header, &f.cell, &f.wrap, &f.number, &f.datetime}) {
        *format = workbook_add_format(wb);
    }
    if (f.title == nullptr || f.header == nullptr || f.cell == nullptr || f.wrap == nullptr ||
        f.number == nullptr || f.datetime == nullptr) {
        fail(file, "cannot create cell formats: " +
                       std::string(lxw_strerror(LXW_ERROR_MEMORY_MALLOC_FAILED)));
    }
    format_set_bold(f.header);
    format_set_pattern(f.header, LXW_PATTERN_SOLID);
    format_set_bg_color(f.header, kHeaderFill);
    format_set_border(f.header, LXW_BORDER_THIN);
    format_set_text_wrap(f.header);
    format_set_align(f.header, LXW_ALIGN_VERTICAL_TOP);
    format_set_text_wrap(f.wrap);
    format_set_align(f.wrap, LXW_ALIGN_VERTICAL_TOP);
    format_set_bold(f.title);
    format_set_font_size(f.title, 14);
    // Body cells align to the top like wrapped ones, so a row's cells read side by side.
    for (lxw_format* body : {f.cell, f.number, f.datetime}) {
        format_set_align(body, LXW_ALIGN_VERTICAL_TOP);
        format_set_align(body, LXW_ALIGN_LEFT);
    }
    format_set_num_format(f.datetime, "yyyy/mm/dd hh:mm");
    return f;
}

void write_sheet(lxw_workbook* wb, const Formats& formats, const Sheet& sheet,
                 const std::string& name, const std::filesystem::path& file) {
    const std::string where = "sheet '" + name + "'";
    check(workbook_validate_sheet_name(wb, name.c_str()), file, where);
    lxw_worksheet* ws = workbook_add_worksheet(wb, name.c_str());
    if (ws == nullptr) {
        fail(file, where + ": cannot add the worksheet");
    }

    std::vector<Cell> header;
    header.reserve(sheet.headers.size());
    for (const std::string& h : sheet.headers) {
        header.push_back(make_cell(h));
    }
    std::vector<std::vector<Cell>> body;
    body.reserve(sheet.rows.size());
    std::size_t columns = header.size();
    for (const auto& row : sheet.rows) {
        std::vector<Cell>& cells = body.emplace_back();
        cells.reserve(row.size());
        for (const std::string& v : row) {
            cells.push_back(make_cell(v));
        }
        columns = std::max(columns, cells.size());
    }
    if (columns > LXW_COL_MAX || body.size() + 1 > LXW_ROW_MAX) {
        fail(file, where + ": " + std::to_string(body.size() + 1) + " rows x " +
                       std::to_string(columns) + " columns exceed Excel's " +
                       std::to_string(LXW_ROW_MAX) + " x " + std::to_string(LXW_COL_MAX));
    }

    std::vector<double> widths(columns, kMinColumnWidth);
    for (std::size_t c = 0; c < columns; ++c) {
        if (c < sheet.widths.size() && sheet.widths[c] > 0) {
            widths[c] = std::min(sheet.widths[c], 255.0);  // Excel's maximum column width
            continue;
        }
        double want =
            c < header.size()
                ? std::min(static_cast<double>(header[c].columns) + kHeaderPadding, kMaxHeaderWidth)
                : 0;
        for (const auto& cells : body) {
            if (c < cells.size()) {
                want = std::max(want, static_cast<double>(cells[c].columns) + kCellPadding);
            }
        }
        widths[c] = std::clamp(want, kMinColumnWidth, kMaxColumnWidth);
    }
    for (std::size_t c = 0; c < columns; ++c) {
        const auto col = static_cast<lxw_col_t>(c);
        check(worksheet_set_column(ws, col, col, widths[c], nullptr), file,
              where + ": column " + std::to_string(c + 1) + " width");
    }

    // The title block, a blank row, then the header: the header row is repeated on every
    // printed page and the panes freeze below it and right of the name columns.
    const auto header_row =
        static_cast<lxw_row_t>(sheet.title.empty() ? 0 : sheet.title.size() + 1);
    if (body.size() + header_row + 1 > LXW_ROW_MAX) {
        fail(file, where + ": " + std::to_string(body.size() + header_row + 1) +
                       " rows exceed Excel's " + std::to_string(LXW_ROW_MAX));
    }
    auto put = [&](lxw_row_t r, std::size_t c, const Cell& cell, lxw_format* format) {
        if (cell.stored.empty()) {
            return;  // a blank cell, not an empty string
        }
        check(worksheet_write_string(ws, r, static_cast<lxw_col_t>(c), cell.stored.c_str(), format),
              file, where + ": row " + std::to_string(r + 1) + " column " + std::to_string(c + 1));
    };
    for (std::size_t i = 0; i < sheet.title.size(); ++i) {
        put(static_cast<lxw_row_t>(i), 0, make_cell(sheet.title[i]),
            i == 0 ? formats.title : nullptr);
    }
    for (std::size_t c = 0; c < header.size(); ++c) {
        put(header_row, c, header[c], formats.header);
    }
    for (std::size_t r = 0; r < body.size(); ++r) {
        const auto row = static_cast<lxw_row_t>(header_row + 1 + r);
        for (std::size_t c = 0; c < body[r].size(); ++c) {
            const Cell& cell = body[r][c];
            const CellType type = c < sheet.types.size() ? sheet.types[c] : CellType::text;
            const std::string& raw = sheet.rows[r][c];
            const auto col = static_cast<lxw_col_t>(c);
            const std::string at =
                where + ": row " + std::to_string(row + 1) + " column " + std::to_string(c + 1);
            if (type == CellType::number) {
                if (const auto n = whole_number(raw)) {
                    check(worksheet_write_number(ws, row, col, *n, formats.number), file, at);
                    continue;
                }
            } else if (type == CellType::datetime) {
                if (auto when = local_datetime(raw)) {
                    check(worksheet_write_datetime(ws, row, col, &*when, formats.datetime), file,
                          at);
                    continue;
                }
            }
            lxw_format* format = static_cast<double>(cell.columns) + kCellPadding > widths[c]
                                     ? formats.wrap
                                     : formats.cell;
            put(row, c, cell, format);
        }
    }

    if (!header.empty()) {
        worksheet_freeze_panes(ws, header_row + 1,
                               static_cast<lxw_col_t>(std::min(sheet.freeze_columns, columns)));
        check(worksheet_autofilter(ws, header_row, 0,
                                   static_cast<lxw_row_t>(header_row + body.size()),
                                   static_cast<lxw_col_t>(columns - 1)),
              file, where + ": autofilter");
        check(worksheet_repeat_rows(ws, header_row, header_row), file, where + ": print titles");
    }
    // Printed for an inspection: A4 landscape, every column on one page's width (as many
    // pages down as the rows need), page numbers at the foot.
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, kPaperA4);
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_set_margins(ws, 0.4, 0.4, 0.5, 0.6);
    check(worksheet_set_footer(ws, "&C&P / &N"), file, where + ": footer");
}

}  // namespace

void write_xlsx(const std::filesystem::path& file, const std::vector<Sheet>& sheets) {
    if (file.filename().empty()) {
        fail(file, "not a file name");
    }
    TempFile tmp(file);
    // Rows go out in order, so libxlsxwriter's constant-memory mode streams each row to its
    // temporary file instead of keeping every cell of a 12,000-device ledger in memory
    // (strings are then inline, which Excel, LibreOffice and `daicho import` all read).
    lxw_workbook_options options{};
    options.constant_memory = LXW_TRUE;
    // libxlsxwriter takes a narrow name (the ANSI code page on Windows).
    WorkbookPtr wb(workbook_new_opt(tmp.path().string().c_str(), &options));
    if (!wb) {
        fail(file, lxw_strerror(LXW_ERROR_MEMORY_MALLOC_FAILED));
    }
    const Formats formats = make_formats(wb.get(), file);
    std::set<std::string> used;
    for (std::size_t i = 0; i < sheets.size(); ++i) {
        write_sheet(wb.get(), formats, sheets[i], sheet_name(sheets[i].name, i, used), file);
    }
    if (sheets.empty()) {
        // A workbook needs a sheet to open; an empty export is still a valid file.
        if (workbook_add_worksheet(wb.get(), nullptr) == nullptr) {
            fail(file, "cannot add the worksheet");
        }
    }
    // workbook_close frees the workbook whatever it returns. Its errors say only which step
    // failed; errno says why (a full disk, a quota), which is what the operator needs.
    errno = 0;
    const lxw_error closed = workbook_close(wb.release());
    const int close_errno = errno;
    if (closed != LXW_NO_ERROR) {
        std::string what = "writing " + tmp.path().string() + ": " + lxw_strerror(closed);
        if (close_errno != 0) {
            what += std::string(" (") + std::strerror(close_errno) + ")";
        }
        fail(file, what);
    }
    tmp.commit();
}

}  // namespace daicho::survey
