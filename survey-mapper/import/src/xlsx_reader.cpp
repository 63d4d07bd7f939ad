// XLSX worksheets as rows of text, as Excel shows them. ECMA-376 Part 1: §18.2.19-20 sheets in
// workbook.xml, §18.4 shared strings (§18.4.6 phonetic runs <rPh> are furigana, not text),
// §18.3.1.4 cells (t = s, str, inlineStr, b, e, n, d), §18.3.1.73 rows, §18.8.30-31 number
// formats (dates are numbers with a date format, shown as dates), §22.9.2.19 ST_Xstring
// "_xHHHH_" escapes. Cell references ("AB12") are checked against ReadLimits, never trusted
// to size anything.

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <string>

#include "daicho/import/table_reader.h"
#include "daicho/ledger/ledger.h"
#include "daicho/ledger/text.h"
#include "xlsx_package.h"

namespace daicho::import {

using namespace ledger;  // the core's device model, annotations and errors

namespace {

using detail::XmlAttribute;
using detail::XmlHandler;

std::string_view attribute(const std::vector<XmlAttribute>& attributes, std::string_view name) {
    for (const auto& a : attributes) {
        if (a.name == name) {
            return a.value;
        }
    }
    return {};
}

bool is_hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// ST_Xstring: "_xHHHH_" is the UTF-16 code unit HHHH; pairs of them are surrogate pairs.
std::string decode_xstring(std::string_view s) {
    if (s.find("_x") == std::string_view::npos) {
        return std::string(s);
    }
    std::string out;
    out.reserve(s.size());
    const auto unit_at = [&](std::size_t i) -> int {
        if (i + 7 <= s.size() && s[i] == '_' && (s[i + 1] == 'x' || s[i + 1] == 'X') &&
            is_hex(s[i + 2]) && is_hex(s[i + 3]) && is_hex(s[i + 4]) && is_hex(s[i + 5]) &&
            s[i + 6] == '_') {
            int v = 0;
            std::from_chars(s.data() + i + 2, s.data() + i + 6, v, 16);
            return v;
        }
        return -1;
    };
    for (std::size_t i = 0; i < s.size();) {
        const int unit = unit_at(i);
        if (unit < 0) {
            out += s[i++];
            continue;
        }
        i += 7;
        char32_t cp = static_cast<char32_t>(unit);
        if (unit >= 0xD800 && unit <= 0xDBFF) {
            const int low = unit_at(i);
            if (low >= 0xDC00 && low <= 0xDFFF) {
                cp = 0x10000 + ((static_cast<char32_t>(unit) - 0xD800) << 10U) +
                     (static_cast<char32_t>(low) - 0xDC00);
                i += 7;
            } else {
                cp = 0xFFFD;
            }
        } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
            cp = 0xFFFD;
        }
        text::append_utf8(out, cp);
    }
    return out;
}

// Text that grows in pieces (expat's character data), capped.
class CappedText {
   public:
    explicit CappedText(std::size_t cap) : cap_(cap) {}
    bool append(std::string_view s) {
        if (text_.size() + s.size() > cap_) {
            return false;
        }
        text_.append(s);
        return true;
    }
    std::string take() { return std::exchange(text_, {}); }
    void clear() { text_.clear(); }
    [[nodiscard]] const std::string& str() const noexcept { return text_; }

   private:
    std::size_t cap_;
    std::string text_;
};

struct SheetEntry {
    std::string name;
    std::string rel_id;
};

class WorkbookHandler : public XmlHandler {
   public:
    void start(std::string_view name, const std::vector<XmlAttribute>& attributes) override {
        if (name == "sheet" && sheets.size() < kMaxSheets) {
            sheets.push_back({std::string(attribute(attributes, "name")),
                              std::string(attribute(attributes, "id"))});
        } else if (name == "workbookPr") {
            const auto v = attribute(attributes, "date1904");
            date1904 = v == "1" || v == "true";
        }
    }
    void end(std::string_view /*name*/) override {}
    void text(std::string_view /*data*/) override {}

    static constexpr std::size_t kMaxSheets = 4'096;
    std::vector<SheetEntry> sheets;
    bool date1904 = false;
};

// <si> items: the <t> text of the item and of its rich-text runs, without <rPh> furigana.
class SharedStringsHandler : public XmlHandler {
   public:
    explicit SharedStringsHandler(const ReadLimits& limits)
        : limits_(limits), text_(limits.max_cell_bytes) {}
    void start(std::string_view name, const std::vector<XmlAttribute>& /*attributes*/) override {
        if (name == "si") {
            text_.clear();
        } else if (name == "rPh") {
            ++phonetic_;
        } else if (name == "t") {
            in_t_ = phonetic_ == 0;
        }
    }
    void end(std::string_view name) override {
        if (name == "si") {
            if (strings.size() >= limits_.max_shared_strings) {
                refuse("more than " + std::to_string(limits_.max_shared_strings) +
                       " shared strings");
                return;
            }
            strings.push_back(decode_xstring(text_.take()));
        } else if (name == "rPh" && phonetic_ > 0) {
            --phonetic_;
        } else if (name == "t") {
            in_t_ = false;
        }
    }
    void text(std::string_view data) override {
        if (in_t_ && !text_.append(data)) {
            refuse("shared string " + std::to_string(strings.size()) + " is longer than " +
                   std::to_string(limits_.max_cell_bytes) + " bytes");
        }
    }

    std::vector<std::string> strings;

   private:
    const ReadLimits& limits_;
    CappedText text_;
    int phonetic_ = 0;
    bool in_t_ = false;
};

// Built-in number formats that show dates or times (§18.8.30, with the Japanese-locale ids
// 27-36 and 50-58 that Japanese Excel assigns to 和暦 and 年月日 formats).
bool builtin_date_format(int id) {
    return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
           (id >= 50 && id <= 58);
}

// A custom format code shows a date when it has y, d or h/s outside quoted text, [colour]
// and escaped characters.
bool custom_date_format(std::string_view code) {
    bool quoted = false;
    int bracket = 0;
    for (std::size_t i = 0; i < code.size(); ++i) {
        const char c = code[i];
        if (c == '"') {
            quoted = !quoted;
        } else if (quoted) {
            continue;
        } else if (c == '\\' || c == '_' || c == '*') {
            ++i;  // the next character is literal (or padding)
        } else if (c == '[') {
            ++bracket;
        } else if (c == ']' && bracket > 0) {
            --bracket;
        } else if (bracket == 0 && std::string_view("yYdDhHsS").find(c) != std::string_view::npos) {
            return true;
        }
    }
    return false;
}

// styles.xml: which cell style index (the s attribute) shows numbers as dates.
class StylesHandler : public XmlHandler {
   public:
    void start(std::string_view name, const std::vector<XmlAttribute>& attributes) override {
        if (name == "numFmt") {
            int id = 0;
            const auto v = attribute(attributes, "numFmtId");
            std::from_chars(v.data(), v.data() + v.size(), id);
            if (custom_date_format(attribute(attributes, "formatCode")) &&
                date_formats_.size() < kMaxStyles) {
                date_formats_.push_back(id);
            }
        } else if (name == "cellXfs") {
            in_cell_xfs_ = true;
        } else if (name == "xf" && in_cell_xfs_ && is_date.size() < kMaxStyles) {
            int id = 0;
            const auto v = attribute(attributes, "numFmtId");
            std::from_chars(v.data(), v.data() + v.size(), id);
            is_date.push_back(builtin_date_format(id) ||
                              std::find(date_formats_.begin(), date_formats_.end(), id) !=
                                  date_formats_.end());
        }
    }
    void end(std::string_view name) override {
        if (name == "cellXfs") {
            in_cell_xfs_ = false;
        }
    }
    void text(std::string_view /*data*/) override {}

    std::vector<bool> is_date;  // by cellXfs index

   private:
    static constexpr std::size_t kMaxStyles = 65'536;
    std::vector<int> date_formats_;
    bool in_cell_xfs_ = false;
};

// A serial date as "YYYY-MM-DD" (and " HH:MM:SS" when it has a time). Excel's 1900 system
// counts the non-existent 1900-02-29 (serial 60); serials are days since 1899-12-30 from 61 on.
std::string serial_date(double serial, bool date1904) {
    if (!std::isfinite(serial) || serial < 0 || serial >= 2958466) {  // past 9999-12-31
        return {};
    }
    auto days = static_cast<long long>(std::floor(serial));
    long long seconds = std::llround((serial - static_cast<double>(days)) * 86400.0);
    if (seconds >= 86400) {
        ++days;
        seconds -= 86400;
    }
    if (date1904) {
        days += 1462;
    } else if (days < 61) {
        if (days == 60) {
            return "1900-02-29";
        }
        days += 1;  // before the phantom leap day the count is one short of 1899-12-30
    }
    // Days since 1899-12-30 to a civil date (H. Hinnant's days_from_civil inverse).
    long long z = days - 25569 + 719468;  // to days since 1970-01-01, then to 0000-03-01
    const long long era = (z >= 0 ? z : z - 146096) / 146097;
    const long long doe = z - era * 146097;
    const long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long y = yoe + era * 400;
    const long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const long long mp = (5 * doy + 2) / 153;
    const long long d = doy - (153 * mp + 2) / 5 + 1;
    const long long m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2 ? 1 : 0;
    char buf[128];
    if (seconds == 0) {
        std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lld", y, m, d);
    } else {
        std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lld %02lld:%02lld:%02lld", y, m, d,
                      seconds / 3600, seconds / 60 % 60, seconds % 60);
    }
    return buf;
}

// A number as Excel's General format shows it: integers in full up to 15 digits, others with
// at most 15 significant digits.
std::string number_text(std::string_view v) {
    double x = 0;
    const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
    if (ec != std::errc() || end != v.data() + v.size() || !std::isfinite(x)) {
        return std::string(v);
    }
    char buf[64];
    if (x == std::floor(x) && std::fabs(x) < 1e15) {
        const auto r = std::to_chars(buf, buf + sizeof buf, static_cast<long long>(x));
        return std::string(buf, r.ptr);
    }
    const auto r = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::general, 15);
    std::string out(buf, r.ptr);
    for (char& c : out) {
        if (c == 'e') {
            c = 'E';
        }
    }
    return out;
}

// "AB12" -> column 28 (1-based), 0 when it is not a cell reference.
std::size_t column_of(std::string_view ref) {
    std::size_t col = 0;
    std::size_t i = 0;
    for (; i < ref.size() && i < 4; ++i) {
        const char c = ref[i];
        if (c >= 'A' && c <= 'Z') {
            col = col * 26 + static_cast<std::size_t>(c - 'A' + 1);
        } else if (c >= 'a' && c <= 'z') {
            col = col * 26 + static_cast<std::size_t>(c - 'a' + 1);
        } else {
            break;
        }
    }
    return i == 0 || i == 4 ? 0 : col;
}

std::string column_letters(std::size_t col) {
    std::string out;
    for (; col > 0; col = (col - 1) / 26) {
        out.insert(out.begin(), static_cast<char>('A' + (col - 1) % 26));
    }
    return out;
}

class SheetHandler : public XmlHandler {
   public:
    SheetHandler(const ReadLimits& limits, const std::vector<std::string>& shared,
                 const std::vector<bool>& is_date, bool date1904, Table& table)
        : limits_(limits),
          shared_(shared),
          is_date_(is_date),
          date1904_(date1904),
          table_(table),
          value_(limits.max_cell_bytes) {}

    void start(std::string_view name, const std::vector<XmlAttribute>& attributes) override {
        if (name == "row") {
            const auto r = attribute(attributes, "r");
            std::size_t n = 0;
            if (r.empty()) {
                n = row_ + 1;
            } else if (std::from_chars(r.data(), r.data() + r.size(), n).ec != std::errc() ||
                       n == 0) {
                return refuse("row number '" + std::string(r) + "' is not a number");
            }
            if (n > limits_.max_rows) {
                return refuse("row " + std::to_string(n) + ": more than " +
                              std::to_string(limits_.max_rows) + " rows");
            }
            row_ = n;
            col_ = 0;
        } else if (name == "c") {
            in_cell_ = true;
            value_.clear();
            type_ = attribute(attributes, "t");
            const auto s = attribute(attributes, "s");
            std::size_t style = 0;
            std::from_chars(s.data(), s.data() + s.size(), style);
            date_ = style < is_date_.size() && is_date_[style];
            const auto ref = attribute(attributes, "r");
            const std::size_t c = ref.empty() ? col_ + 1 : column_of(ref);
            if (c == 0) {
                return refuse("cell reference '" + std::string(ref) + "' is not valid");
            }
            if (c > limits_.max_columns) {
                return refuse("cell " + std::string(ref) + ": more than " +
                              std::to_string(limits_.max_columns) + " columns");
            }
            col_ = c;
            if (row_ == 0) {
                row_ = 1;  // a cell outside any <row>: treat as the first row
            }
        } else if (in_cell_ && (name == "v" || (name == "t" && in_inline_ && phonetic_ == 0))) {
            collecting_ = true;
        } else if (in_cell_ && name == "is") {
            in_inline_ = true;
        } else if (in_cell_ && name == "rPh") {
            ++phonetic_;
        }
    }

    void end(std::string_view name) override {
        if (name == "v" || name == "t") {
            collecting_ = false;
        } else if (name == "is") {
            in_inline_ = false;
        } else if (name == "rPh" && phonetic_ > 0) {
            --phonetic_;
        } else if (name == "c" && in_cell_) {
            in_cell_ = false;
            store(cell_text());
        }
    }

    void text(std::string_view data) override {
        if (collecting_ && !value_.append(data)) {
            refuse("cell " + where() + " is longer than " + std::to_string(limits_.max_cell_bytes) +
                   " bytes");
        }
    }

   private:
    std::string where() const { return column_letters(col_) + std::to_string(row_); }

    std::string cell_text() {
        std::string v = value_.take();
        if (type_ == "s") {
            std::size_t index = 0;
            const auto r = std::from_chars(v.data(), v.data() + v.size(), index);
            if (r.ec != std::errc() || index >= shared_.size()) {
                refuse("cell " + where() + " names shared string '" + v + "', which is not there");
                return {};
            }
            return shared_[index];
        }
        if (type_ == "b") {
            return v == "1" ? "TRUE" : v == "0" ? "FALSE" : v;
        }
        if (type_ == "inlineStr" || type_ == "str") {
            return decode_xstring(v);
        }
        if (type_ == "e" || type_ == "d") {
            return v;
        }
        if (date_) {
            double serial = 0;
            const auto r = std::from_chars(v.data(), v.data() + v.size(), serial);
            if (r.ec == std::errc() && r.ptr == v.data() + v.size()) {
                std::string d = serial_date(serial, date1904_);
                if (!d.empty()) {
                    return d;
                }
            }
        }
        return number_text(v);
    }

    void store(std::string text) {
        if (!refusal().empty() || text.empty()) {
            return;
        }
        bytes_ += text.size();
        if (bytes_ > limits_.max_table_bytes) {
            return refuse("more than " + std::to_string(limits_.max_table_bytes) +
                          " bytes of text");
        }
        auto& rows = table_.rows;
        if (rows.size() < row_) {
            rows.resize(row_);
        }
        auto& row = rows[row_ - 1];
        if (row.size() < col_) {
            cells_ += col_ - row.size();
            if (cells_ > limits_.max_cells) {
                return refuse("more than " + std::to_string(limits_.max_cells) + " cells");
            }
            row.resize(col_);
        }
        row[col_ - 1] = std::move(text);
    }

    const ReadLimits& limits_;
    const std::vector<std::string>& shared_;
    const std::vector<bool>& is_date_;
    bool date1904_;
    Table& table_;
    CappedText value_;
    std::string type_;
    std::size_t row_ = 0;
    std::size_t col_ = 0;
    std::size_t cells_ = 0;
    std::size_t bytes_ = 0;
    int phonetic_ = 0;
    bool in_cell_ = false;
    bool in_inline_ = false;
    bool collecting_ = false;
    bool date_ = false;
};

const detail::Relationship* find_kind(const std::vector<detail::Relationship>& rels,
                                      std::string_view kind) {
    for (const auto& r : rels) {
        if (detail::relationship_kind(r.type) == kind) {
            return &r;
        }
    }
    return nullptr;
}

}  // namespace

Table read_xlsx(std::string_view bytes, std::string_view file, std::string_view sheet,
                const ReadLimits& limits) {
    const detail::Package package(bytes, file, limits);
    const auto root = package.relationships("");
    const auto* office = find_kind(root, "officeDocument");
    const std::string workbook_part = office != nullptr ? office->target : "xl/workbook.xml";

    WorkbookHandler workbook;
    package.parse(workbook_part, workbook);
    if (workbook.sheets.empty()) {
        package.fail(workbook_part + ": the workbook has no worksheet");
    }
    const SheetEntry* chosen = nullptr;
    for (const auto& s : workbook.sheets) {
        if (sheet.empty() || s.name == sheet) {
            chosen = &s;
            break;
        }
    }
    if (chosen == nullptr) {
        std::string names;
        for (const auto& s : workbook.sheets) {
            names += (names.empty() ? "'" : ", '") + s.name + "'";
        }
        package.fail("no worksheet named '" + std::string(sheet) + "' (the workbook has " + names +
                     ")");
    }

    const auto rels = package.relationships(workbook_part);
    const detail::Relationship* sheet_rel = nullptr;
    for (const auto& r : rels) {
        if (r.id == chosen->rel_id) {
            sheet_rel = &r;
        }
    }
    if (sheet_rel == nullptr || detail::relationship_kind(sheet_rel->type) != "worksheet") {
        package.fail("worksheet '" + chosen->name +
                     "' is not a worksheet in this file (a chart sheet, or a broken link)");
    }

    SharedStringsHandler shared(limits);
    if (const auto* r = find_kind(rels, "sharedStrings"); r != nullptr && package.has(r->target)) {
        package.parse(r->target, shared);
    }
    StylesHandler styles;
    if (const auto* r = find_kind(rels, "styles"); r != nullptr && package.has(r->target)) {
        package.parse(r->target, styles);
    }

    Table table;
    table.encoding = "XLSX";
    table.sheet = chosen->name;
    SheetHandler handler(limits, shared.strings, styles.is_date, workbook.date1904, table);
    package.parse(sheet_rel->target, handler);
    return table;
}

}  // namespace daicho::import
