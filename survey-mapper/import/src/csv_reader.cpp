// CSV ledgers for `daicho import ledger`: RFC 4180 §2 (fields, "" inside quoted fields, line
// breaks inside quotes), read leniently where Excel is lenient (LF or CRLF endings, a stray
// quote inside an unquoted field is text). Encoding: a UTF-8 BOM means UTF-8 (what daicho and
// Excel's "CSV UTF-8" write); UTF-16 (Excel's "Unicode text") is refused by name; a file that
// is not valid UTF-8 is Shift_JIS as Japanese Excel saves "CSV", converted with the platform (daicho/service/platform.h)
// (CP932 = Windows-31J, the Microsoft variant with NEC/IBM extensions that Excel writes).


#include <cerrno>
#include <memory>
#include <string>

#include "daicho/import/table_reader.h"
#include "daicho/ledger/ledger.h"
#include "daicho/ledger/text.h"
#include "daicho/service/platform.h"

namespace daicho::import {

using namespace ledger;  // the core's device model, annotations and errors

namespace {

[[noreturn]] void fail(std::string_view file, const std::string& what) {
    throw Error(ErrorCode::table_invalid, {std::string(file), what},
                std::string(file) + ": " + what);
}

std::string from_cp932(std::string_view in, std::string_view file) {
    try {
        return platform::cp932_to_utf8(in);
    } catch (const std::runtime_error& e) {
        fail(file, std::string("neither UTF-8 nor Shift_JIS (CP932): ") + e.what() +
                       "; save it as \"CSV UTF-8\"");
    }
}

class Parser {
   public:
    Parser(std::string_view text, std::string_view file, const ReadLimits& limits)
        : text_(text), file_(file), limits_(limits) {}

    std::vector<std::vector<std::string>> run() {
        while (pos_ < text_.size()) {
            read_record();
        }
        return std::move(rows_);
    }

   private:
    void read_record() {
        if (rows_.size() >= limits_.max_rows) {
            fail(file_, "more than " + std::to_string(limits_.max_rows) + " rows");
        }
        std::vector<std::string>& row = rows_.emplace_back();
        for (;;) {
            if (row.size() >= limits_.max_columns) {
                fail(file_, "row " + std::to_string(rows_.size()) + ": more than " +
                                std::to_string(limits_.max_columns) + " columns");
            }
            if (++cells_ > limits_.max_cells) {
                fail(file_, "more than " + std::to_string(limits_.max_cells) + " cells");
            }
            std::string& cell = row.emplace_back();
            const char end = read_field(cell);
            if (end != ',') {
                break;
            }
        }
        // A line that is only a line break is an empty row, not a row with one empty cell.
        if (row.size() == 1 && row.front().empty()) {
            row.clear();
        }
    }

    // Reads one field; returns what ended it: ',' or '\n' (also for CRLF, CR and the end).
    char read_field(std::string& cell) {
        const std::size_t row_no = rows_.size();
        if (pos_ < text_.size() && text_[pos_] == '"') {
            ++pos_;
            for (;;) {
                const std::size_t q = text_.find('"', pos_);
                if (q == std::string_view::npos) {
                    fail(file_, "row " + std::to_string(row_no) +
                                    ": a quoted field is not closed before the end of the file");
                }
                append(cell, text_.substr(pos_, q - pos_));
                pos_ = q + 1;
                if (pos_ < text_.size() && text_[pos_] == '"') {  // "" is one quote (§2.7)
                    append(cell, "\"");
                    ++pos_;
                    continue;
                }
                break;
            }
        }
        // Unquoted text, or what follows a closing quote before the separator (Excel keeps it).
        while (pos_ < text_.size()) {
            const char c = text_[pos_];
            if (c == ',') {
                ++pos_;
                return ',';
            }
            if (c == '\n' || c == '\r') {
                pos_ += (c == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') ? 2 : 1;
                return '\n';
            }
            const std::size_t stop = text_.find_first_of(",\r\n", pos_);
            const std::size_t end = stop == std::string_view::npos ? text_.size() : stop;
            append(cell, text_.substr(pos_, end - pos_));
            pos_ = end;
        }
        return '\n';
    }

    void append(std::string& cell, std::string_view part) {
        if (cell.size() + part.size() > limits_.max_cell_bytes) {
            fail(file_, "row " + std::to_string(rows_.size()) + ", column " +
                            std::to_string(rows_.back().size()) + ": a cell longer than " +
                            std::to_string(limits_.max_cell_bytes) + " bytes");
        }
        bytes_ += part.size();  // never more than the file, but the limit is the table's
        if (bytes_ > limits_.max_table_bytes) {
            fail(file_, "more than " + std::to_string(limits_.max_table_bytes) + " bytes of text");
        }
        cell.append(part);
    }

    std::string_view text_;
    std::string_view file_;
    const ReadLimits& limits_;
    std::size_t pos_ = 0;
    std::size_t cells_ = 0;
    std::size_t bytes_ = 0;
    std::vector<std::vector<std::string>> rows_;
};

}  // namespace

Table read_csv(std::string_view bytes, std::string_view file, const ReadLimits& limits) {
    if (bytes.size() > limits.max_file_bytes) {
        fail(file, "larger than " + std::to_string(limits.max_file_bytes) + " bytes");
    }
    if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) {
        fail(file, "UTF-16 text is not supported; save it as \"CSV UTF-8\"");
    }
    Table table;
    std::string converted;
    std::string_view text = bytes;
    if (text.starts_with("\xEF\xBB\xBF")) {
        text.remove_prefix(3);
        table.encoding = "UTF-8 (BOM)";
    } else if (text::valid_utf8(text)) {
        table.encoding = "UTF-8";
    } else {
        converted = from_cp932(text, file);
        text = converted;
        table.encoding = "Shift_JIS (CP932)";
    }
    table.rows = Parser(text, file, limits).run();
    return table;
}

}  // namespace daicho::import
