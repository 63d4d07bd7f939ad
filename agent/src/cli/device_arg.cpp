#include "cli/device_arg.h"

#include <string>
#include <vector>

#include "cli/cli.h"
#include "cli/messages.h"

namespace daicho::agent {

namespace {

// "id 12  02:00:00:00:00:01  10.0.0.1  rad-ws01.hosp.local": what tells candidates apart.
std::string candidate_line(const ledger::DeviceRecord& d) {
    std::string line = "id " + std::to_string(d.id) + "  " + (d.mac.empty() ? "-" : d.mac);
    std::string ips;
    for (const auto& a : d.addresses) {
        ips += (ips.empty() ? "" : ",") + a.address;
    }
    line += "  " + (ips.empty() ? std::string("-") : ips);
    std::string names;
    if (const auto* a = d.annotation("name")) {
        names = a->value;
    }
    for (const auto& h : d.hostnames) {
        names += (names.empty() ? "" : ",") + h;
    }
    return line + "  " + (names.empty() ? std::string("-") : names);
}

}  // namespace

ledger::DeviceRecord find_one_device(const ledger::Snapshot& snapshot, std::string_view text,
                                     const CommonOptions& common) {
    const auto query = ledger::DeviceQuery::parse(text);
    if (!query) {
        throw CliError(kExitUsage, message(Msg::not_a_device, common.lang, {text}));
    }
    auto found = snapshot.find(*query);
    if (found.empty()) {
        throw CliError(kExitFailure,
                       message(Msg::no_device, common.lang, {common.db.string(), text}));
    }
    if (found.size() > 1) {
        std::vector<std::string> lines;
        lines.reserve(found.size());
        for (const auto& d : found) {
            lines.push_back(candidate_line(d));
        }
        throw CliError(
            kExitUsage,
            message(Msg::ambiguous_device, common.lang, {text, std::to_string(found.size())}),
            std::move(lines));
    }
    return std::move(found.front());
}

}  // namespace daicho::agent
