#pragma once
// Reading a spreadsheet a person hands in (a hospital's own ledger, or daicho's export after
// someone edited it in Excel) into rows of text cells, for `daicho import ledger`. The file is
// hostile: every size is capped (zip bombs, endless rows, giant cells), XML with a DTD is
// refused, and every failure is one ledger::Error naming the file and the problem.

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace daicho::import {

struct ReadLimits {
    std::size_t max_file_bytes = std::size_t{64} << 20U;  // the file on disk
    std::size_t max_part_bytes = std::size_t{64} << 20U;  // one uncompressed part of an XLSX
    std::size_t max_rows = 100'000;
    std::size_t max_columns = 1'024;
    // Excel's 32,767 characters of at most three UTF-8 bytes each (astral characters take
    // two UTF-16 units for four bytes, never more per unit).
    std::size_t max_cell_bytes = 98'304;
    std::size_t max_shared_strings = 1'000'000;
    // Cell slots and text of the whole table: one shared string may fill a million cells.
    std::size_t max_cells = 2'000'000;
    std::size_t max_table_bytes = std::size_t{128} << 20U;
};

struct Table {
    // rows[i] holds row i + 1 of the file; a row may be shorter than others (trailing blanks).
    std::vector<std::vector<std::string>> rows;
    // How the bytes were read, for the report: "UTF-8", "UTF-8 (BOM)", "Shift_JIS (CP932)",
    // "XLSX".
    std::string encoding;
    std::string sheet;  // the XLSX worksheet that was read; "" for CSV
};

// CSV (RFC 4180: quoted fields with "" escapes and line breaks inside quotes, CRLF or LF).
// UTF-8 with or without a BOM; a file without a BOM that is not valid UTF-8 is read as
// Shift_JIS (CP932, what Japanese Excel writes for "CSV"). Cells are returned as bytes: a
// cell that is not valid UTF-8 in a UTF-8 file is kept for the caller to report.
[[nodiscard]] Table read_csv(std::string_view bytes, std::string_view file,
                             const ReadLimits& limits = {});

// XLSX (ECMA-376 SpreadsheetML): the worksheet named `sheet`, or the first one when empty.
// Shared and inline strings (phonetic runs skipped), numbers (integers as Excel shows them),
// booleans (TRUE/FALSE), formula results and errors as their cached text.
[[nodiscard]] Table read_xlsx(std::string_view bytes, std::string_view file,
                              std::string_view sheet = {}, const ReadLimits& limits = {});

// Reads `path` as XLSX when it is a zip (or named .xlsx), else as CSV.
[[nodiscard]] Table read_table_file(const std::filesystem::path& path, std::string_view sheet = {},
                                    const ReadLimits& limits = {});

}  // namespace daicho::import
