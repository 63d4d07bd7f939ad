#pragma once
// The report of `daicho import ledger` (ledger_import.h ImportPlan) as a table, JSON or CSV:
// what matched and how, what changed, which rows the wire never showed (台帳にあるが通信で
// 未検出), which devices no row lists (通信で検出されたが台帳にない), the ambiguous rows and
// every problem. Cells come from a person's file: the table escapes control bytes, JSON and CSV
// quote them.

#include <ostream>
#include <string>

#include "daicho/import/ledger_import.h"
#include "daicho/survey/words.h"

namespace daicho::import {

struct PlanReport {
    std::string file;      // the imported file as the person named it
    bool dry_run = false;  // --dry-run
    bool written = false;  // the plan was applied
};

void write_plan_table(std::ostream& out, const ImportPlan& plan, const PlanReport& report,
                      survey::Lang lang);
void write_plan_json(std::ostream& out, const ImportPlan& plan, const PlanReport& report);
void write_plan_csv(std::ostream& out, const ImportPlan& plan, survey::Lang lang);

}  // namespace daicho::import
