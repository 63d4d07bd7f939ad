// `daicho import training`: training records read from a table a person hands in.

#include "daicho/import/training_import.h"

#include <catch2/catch.hpp>

#include "daicho/ledger/ledger.h"

using namespace daicho;

namespace {

import::Table table(std::vector<std::vector<std::string>> rows){import::Table t;
t.rows = std::move(rows);
return t;
}  // namespace

}  // namespace

TEST_CASE("training rows: headers in either language, three date forms", "[import][training]") {
    const auto rows =
        import::read_training(table({{"Date", "Course", "Audience", "Attendees"},
                                     {"2025-06-10", "情報セキュリティ研修", "全職員", "300"},
                                     {},
                                     {"2025/6/1", "MIST 初学者等向け研修", "全職員", " 12 "},
                                     {"2025年11月2日", "標的型メール訓練", "職員", "150"}}),
                              "t.csv");
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].date == "2025-06-10");
    CHECK(rows[1].date == "2025-06-01");
    CHECK(rows[1].attendees == 12);
    CHECK(rows[2].date == "2025-11-02");
    CHECK(rows[2].source == "import:t.csv");
}

TEST_CASE("training rows: every problem reported, nothing returned", "[import][training]") {
    CHECK_THROWS_WITH(import::read_training(table({{"実施日", "研修名", "参加人数"}}), "t.csv"),
                      Catch::Contains("no column for audience"));
    CHECK_THROWS_WITH(import::read_training(table({{"実施日", "研修名", "対象者", "参加人数"},
                                                   {"2025-02-30", "x", "全職員", "1"},
                                                   {"2025-01-01", "", "全職員", "-3"}}),
                                            "t.csv"),
                      Catch::Contains("row 2: date '2025-02-30' is not a date") &&
                          Catch::Contains("row 3: attendees '-3' is not a count") &&
                          Catch::Contains("row 3: ") && Catch::Contains("course is empty"));
    CHECK_THROWS_WITH(import::read_training(table({}), "t.csv"), Catch::Contains("no header row"));
}
