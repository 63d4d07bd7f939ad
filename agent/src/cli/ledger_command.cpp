// `daicho ledger --kind it|medical [--format csv|xlsx|json] [--lang ja|en] [-o FILE]`: the
// survey's Q8 (情報機器台帳) or Q9 (ネットワーク接続医療機器台帳) ledger, one row per device,
// Japanese column headers unless --lang en. XLSX needs -o (it is a binary file).

#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "cli/text.h"
#include "daicho/ledger/departments.h"
#include "daicho/ledger/ledger.h"
#include "daicho/survey/export.h"
#include "daicho/survey/sheet.h"
#include "daicho/survey/survey_ledger.h"

namespace daicho::agent {

namespace {

void write_json(std::ostream& out, const survey::Sheet& sheet, survey::LedgerKind kind) {
    const auto keys = survey::survey_ledger_keys(kind);
    nlohmann::ordered_json rows = nlohmann::ordered_json::array();
    for (const auto& r : sheet.rows) {
        nlohmann::ordered_json row = nlohmann::ordered_json::object();
        for (std::size_t i = 0; i < r.size() && i < keys.size(); ++i) {
            row[std::string(keys[i])] = r[i];
        }
        rows.push_back(std::move(row));
    }
    out << rows.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

}  // namespace

int run_ledger(const CommonOptions& common, const LedgerCommand& cmd) {
    if (cmd.format == "xlsx" && cmd.output.empty()) {
        throw std::invalid_argument("ledger: --format xlsx needs -o FILE");
    }
    const ledger::Ledger ledger(common.db, ledger::Ledger::Mode::read_only, common.knowledge);
    auto devices = ledger.devices();
    ledger::resolve_placements(devices, common.departments);
    const auto kind = cmd.kind == "medical" ? survey::LedgerKind::medical : survey::LedgerKind::it;
    const auto lang = to_lang(cmd.lang);
    const survey::Sheet sheet = survey::survey_ledger(devices, kind, lang);
    if (cmd.format == "xlsx") {
        survey::write_xlsx(cmd.output, {sheet});
        return kExitOk;
    }
    write_output(cmd.output, [&](std::ostream& out) {
        if (cmd.format == "json") {
            write_json(out, sheet, kind);
        } else {
            survey::write_sheet_csv(out, sheet);
        }
    });
    return kExitOk;
}

}  // namespace daicho::agent
