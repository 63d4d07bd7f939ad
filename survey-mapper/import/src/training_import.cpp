#include "daicho/import/training_import.h"

#include <array>
#include <cstdio>
#include <optional>
#include <string>

#include "daicho/ledger/annotations.h"
#include "daicho/ledger/data_file.h"
#include "daicho/ledger/ledger.h"
#include "daicho/ledger/text.h"
#include "daicho/ledger/time.h"

namespace daicho::import {

namespace {

struct Column {
    const char* field;
    std::array<std::string_view, 5> headers;
};

constexpr std::array<Column, 4> kColumns{{
    {"date", {"実施日", "日付", "date", "開催日", ""}},
    {"course", {"研修名", "研修", "course", "コース", "内容"}},
    {"audience", {"対象者", "対象", "audience", "受講対象", ""}},
    {"attendees", {"参加人数", "参加者数", "attendees", "人数", "受講者数"}},
}};

std::string trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
        s.remove_suffix(1);
    }
    // A UTF-8 BOM some editors leave in the first header cell.
    if (s.substr(0, 3) == "\xEF\xBB\xBF") {
        s.remove_prefix(3);
    }
    return std::string(s);
}

// "2025-06-10", "2025/6/10", "2025年6月10日" -> "2025-06-10"; nullopt otherwise.
std::optional<std::string> day(std::string_view text) {
    int y = 0;
    int m = 0;
    int d = 0;
    const std::string s = trim(text);
    char tail = 0;
    if (std::sscanf(s.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 &&
        std::sscanf(s.c_str(), "%4d/%2d/%2d%c", &y, &m, &d, &tail) != 3 &&
        std::sscanf(s.c_str(), "%4d年%2d月%2d日%c", &y, &m, &d, &tail) != 3) {
        return std::nullopt;
    }
    char out[16];
    std::snprintf(out, sizeof out, "%04d-%02d-%02d", y, m, d);
    if (!ledger::parse_time_utc(out)) {
        return std::nullopt;
    }
    return std::string(out);
}

std::optional<std::int64_t> count(std::string_view text) {
    const std::string s = trim(text);
    if (s.empty() || s.size() > 9) {
        return std::nullopt;
    }
    std::int64_t n = 0;
    for (const char c : s) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        n = n * 10 + (c - '0');
    }
    return n;
}

}  // namespace

std::vector<ledger::TrainingRecord> read_training(const Table& table, std::string_view source) {
    const std::string file(source);
    if (table.rows.empty()) {
        throw ledger::Error(ledger::ErrorCode::table_invalid, {file, "empty: no header row"},
                            file + ": empty: no header row");
    }
    std::array<int, kColumns.size()> at{-1, -1, -1, -1};
    const auto& header = table.rows.front();
    for (std::size_t i = 0; i < header.size(); ++i) {
        const std::string h = ledger::classify_data::lower_ascii(trim(header[i]));
        for (std::size_t c = 0; c < kColumns.size(); ++c) {
            for (const auto name : kColumns[c].headers) {
                if (!name.empty() && h == name && at[c] < 0) {
                    at[c] = static_cast<int>(i);
                }
            }
        }
    }
    std::string problems;
    for (std::size_t c = 0; c < kColumns.size(); ++c) {
        if (at[c] < 0) {
            problems += std::string(problems.empty() ? "" : "; ") + "no column for " +
                        kColumns[c].field + " (" + std::string(kColumns[c].headers[0]) + ")";
        }
    }
    if (!problems.empty()) {
        throw ledger::Error(ledger::ErrorCode::table_invalid, {file, problems},
                            file + ": " + problems);
    }
    std::vector<ledger::TrainingRecord> out;
    for (std::size_t r = 1; r < table.rows.size(); ++r) {
        const auto& row = table.rows[r];
        const auto cell = [&](std::size_t c) {
            const auto i = static_cast<std::size_t>(at[c]);
            return i < row.size() ? trim(row[i]) : std::string();
        };
        if (cell(0).empty() && cell(1).empty() && cell(2).empty() && cell(3).empty()) {
            continue;  // a blank line
        }
        const std::string where = "row " + std::to_string(r + 1) + ": ";
        ledger::TrainingRecord rec;
        rec.source = "import:" + file;
        const auto d = day(cell(0));
        const auto n = count(cell(3));
        rec.course = cell(1);
        rec.audience = cell(2);
        std::string bad;
        if (!d) {
            bad += "date '" + ledger::text::escape(cell(0)) + "' is not a date; ";
        }
        if (!n) {
            bad += "attendees '" + ledger::text::escape(cell(3)) + "' is not a count; ";
        }
        if (rec.course.empty() || !ledger::annotation_value_problem(rec.course).empty()) {
            bad += "course is empty or not one line of text; ";
        }
        if (rec.audience.empty() || !ledger::annotation_value_problem(rec.audience).empty()) {
            bad += "audience is empty or not one line of text; ";
        }
        if (!bad.empty()) {
            problems += where + bad;
            continue;
        }
        rec.date = *d;
        rec.attendees = *n;
        out.push_back(std::move(rec));
    }
    if (!problems.empty()) {
        problems.resize(problems.size() - 2);
        throw ledger::Error(ledger::ErrorCode::table_invalid, {file, problems},
                            file + ": " + problems);
    }
    return out;
}

}  // namespace daicho::import
