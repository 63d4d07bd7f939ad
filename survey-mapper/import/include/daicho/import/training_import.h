#pragma once
// `daicho import training FILE.csv|FILE.xlsx`: a hospital's record of staff security training
// (Q11: 研修の実施記録) into training records. Columns are found by their header, in Japanese or
// English: 実施日/日付/date, 研修名/研修/course, 対象者/対象/audience, 参加人数/参加者数/
// attendees. Dates as 2025-06-10, 2025/6/10 or 2025年6月10日.

#include <string_view>
#include <vector>

#include "daicho/import/table_reader.h"
#include "daicho/ledger/attestations.h"

namespace daicho::import {

// The sessions of `table` (its first row holding the headers), each with source `source`.
// Throws ledger::Error listing every problem (a missing column, a bad date or count, by row)
// when any row is bad: then nothing is imported.
[[nodiscard]] std::vector<ledger::TrainingRecord> read_training(const Table& table,
                                                                std::string_view source);

}  // namespace daicho::import
