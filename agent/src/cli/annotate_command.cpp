// `daicho annotate DEVICE key=value ...`: what a person knows and the wire cannot show
// (所在, 利用者, 管理番号, 保守事業者 ...), and a category that overrides the rules. `key=`
// (nothing after the =) removes a key. With no key=value, prints the device's annotations.
// DEVICE is a ledger id, a MAC, an IP address or a host name, and must name exactly one device.
// Categories and statuses are taken in Japanese or English; a department must be one the
// config names (--new-department for a new one); every change is recorded with who made it.

#include <algorithm>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

#include "cli/actor.h"
#include "cli/annotate_values.h"
#include "cli/cli.h"
#include "cli/messages.h"
#include "cli/commands.h"
#include "cli/device_arg.h"
#include "cli/text.h"
#include "daicho/ledger/annotations.h"
#include "daicho/ledger/ledger.h"
#include "daicho/ledger/snapshot.h"

namespace daicho::agent {

namespace {

std::vector<std::pair<std::string, std::string>> parse_values(
    const std::vector<std::string>& args) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& a : args) {
        const auto eq = a.find('=');
        if (eq == std::string::npos || eq == 0) {
            throw std::invalid_argument("annotate: '" + a + "' is not key=value");
        }
        out.emplace_back(a.substr(0, eq), a.substr(eq + 1));
    }
    return out;
}

void print_annotations(const ledger::DeviceRecord& d, survey::Lang lang) {
    // Values as stored; categories and statuses are their keys (what `category=` takes too).
    std::cout << message(Msg::annotate_device, lang, {std::to_string(d.id), d.mac}) << '\n';
    if (d.annotations.empty()) {
        std::cout << message(Msg::annotate_none, lang) << '\n';
    }
    for (const auto& a : d.annotations) {
        std::cout << message(Msg::annotate_value, lang,
                             {a.key, escape_control(a.value), escape_control(a.source)})
                  << '\n';
    }
}

// The ledger row the values go to: the record's own, except that same_box / own_box speak of
// one interface, so when DEVICE names another interface of a merged box (by id or MAC), that
// row takes them, which is how a person splits a box the evidence merged.
std::int64_t annotated_row(const ledger::DeviceRecord& d, const std::string& device,
                           const std::vector<std::pair<std::string, std::string>>& values) {
    const bool about_box = std::any_of(values.begin(), values.end(), [](const auto& v) {
        return v.first == "same_box" || v.first == "own_box";
    });
    const auto query = ledger::DeviceQuery::parse(device);
    if (!about_box || !query) {
        return d.id;
    }
    for (const auto& row : d.interfaces) {
        if ((query->by == ledger::DeviceQuery::By::id && row.id == query->id) ||
            (query->by == ledger::DeviceQuery::By::mac && row.mac == query->text)) {
            return row.id;
        }
    }
    return d.id;
}

}  // namespace

int run_annotate(const CommonOptions& common, const AnnotateCommand& cmd) {
    auto values = parse_values(cmd.values);  // usage errors before touching the ledger
    check_annotation_values(values, common, common.knowledge->classifier(), cmd.new_department);
    const std::string who = actor(common, cmd.by);
    ledger::Ledger ledger(
        common.db,
        values.empty() ? ledger::Ledger::Mode::read_only : ledger::Ledger::Mode::read_write,
        common.knowledge);
    ledger.set_address_plan(ledger::AddressPlan(common.departments));
    // The snapshot ends before annotate() writes on the same connection.
    const auto device = [&] {
        const ledger::Snapshot snapshot(ledger);
        return find_one_device(snapshot, cmd.device, common);
    }();
    const std::int64_t id = annotated_row(device, cmd.device, values);
    if (!values.empty()) {
        ledger::annotate(ledger, id, values, "cli", who);
    }
    if (const auto d = ledger::Snapshot(ledger).device(id)) {
        print_annotations(*d, common.lang);
    }
    return kExitOk;
}

}  // namespace daicho::agent
