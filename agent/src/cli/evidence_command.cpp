// `daicho evidence [--out DIR] [--as-of DATE] [--lang ja|en]`: the dated evidence pack
// (export/evidence_pack.h, which the daemon's export schedule calls too) and one line saying
// where it is and what it covers.

#include <algorithm>
#include <iostream>
#include <string>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/text.h"
#include "daicho/ledger/time.h"
#include "export/evidence_pack.h"

namespace daicho::agent {

int run_evidence(const CommonOptions& common, const EvidenceCommand& cmd) {
    const bool ja = cmd.lang != "en";
    std::string stamp = common.time_zone.date(ledger::now_us());  // "2026/03/31"
    std::replace(stamp.begin(), stamp.end(), '/', '-');
    const EvidencePack pack = write_evidence_pack(
        common, {cmd.out.empty() ? std::filesystem::path("daicho-evidence-" + stamp) : cmd.out,
                 cmd.as_of, cmd.lang});
    std::cout << (ja ? "証跡パック: " : "evidence pack: ") << escape_control(pack.dir.string())
              << (ja ? "（ファイル " : " (") << pack.files
              << (ja ? " 件、観測期間 " : " files, observed ")
              << (pack.first_us != 0 ? common.time_zone.minutes(pack.first_us) : "-") << " - "
              << (pack.last_us != 0 ? common.time_zone.minutes(pack.last_us) : "-")
              << (ja ? "）\n" : ")\n");
    for (const auto& m : pack.missing) {
        std::cerr << "daicho: " << (ja ? "作れなかったもの: " : "not made: ") << escape_control(m)
                  << "\n";
    }
    return kExitOk;
}

}  // namespace daicho::agent
