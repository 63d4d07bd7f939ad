// `daicho import training FILE.csv|FILE.xlsx`: staff security training sessions (date, course,
// audience, attendees) into the ledger for Q11. All rows or none: any bad row is reported and
// nothing is written. A session already imported stays one row.

#include <iostream>

#include "cli/cli.h"
#include "cli/commands.h"
#include "daicho/import/table_reader.h"
#include "daicho/import/training_import.h"
#include "daicho/ledger/attestations.h"
#include "daicho/ledger/ledger.h"

namespace daicho::agent {

int run_import_training(const CommonOptions& common, const ImportTrainingCommand& cmd) {
    const import::Table table = import::read_table_file(cmd.file, cmd.sheet);
    const auto records = import::read_training(table, cmd.file.filename().string());
    ledger::Ledger ledger(common.db, ledger::Ledger::Mode::read_write, common.knowledge);
    const auto added = ledger::record_training(ledger, records);
    std::cout << records.size() << " sessions read, " << added << " new\n";
    return kExitOk;
}

}  // namespace daicho::agent
