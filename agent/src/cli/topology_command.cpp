// `daicho topology [--format svg|dot|json|drawio] [--department NAME] [--lang ja|en] [-o FILE]`:
// the network picture (survey-mapper's daicho/survey/topology.h) of the ledger, one cluster per
// department, with NAME's devices listed one by one.

#include <iostream>
#include <sstream>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/messages.h"
#include "cli/output.h"
#include "cli/suggest.h"
#include "cli/text.h"
#include "cli/topology_input.h"
#include "daicho/ledger/ledger.h"
#include "daicho/ledger/snapshot.h"
#include "daicho/survey/topology.h"
#include "daicho/survey/topology_render.h"

namespace daicho::agent {

std::string network_svg(const CommonOptions& common, survey::Lang lang) {
    const ledger::Ledger ledger(common.db, ledger::Ledger::Mode::read_only, common.knowledge);
    const ledger::Snapshot snapshot(ledger, common.departments);
    std::ostringstream picture;
    survey::write_topology_svg(picture, topology_of(snapshot, common.departments, ""), lang);
    return std::move(picture).str();
}

int run_topology(const CommonOptions& common, const TopologyCommand& cmd) {
    const std::string format = resolve_format(cmd.format, cmd.output,
                                              {"svg", "dot", "json", "drawio"}, "svg", common.lang);
    note_address_plan(common.departments, common.lang);
    const ledger::Ledger ledger(common.db, ledger::Ledger::Mode::read_only, common.knowledge);
    const ledger::Snapshot snapshot(ledger, common.departments);
    survey::Topology topology;
    try {
        topology = topology_of(snapshot, common.departments, cmd.department);
    } catch (const std::invalid_argument& e) {
        std::vector<std::string> names;
        for (const auto& d : common.departments.departments) {
            names.push_back(d.name);
        }
        std::vector<std::string> details;
        if (const auto near = nearest(cmd.department, names, 3, typo_distance(cmd.department));
            !near.empty()) {
            details.push_back(message(Msg::did_you_mean, common.lang, {near.front()}));
        }
        throw CliError(kExitUsage, e.what(), details);
    }

    // Drawn whole before -o's file is opened: a picture Graphviz cannot lay out leaves no
    // empty file behind.
    const auto lang = to_lang(cmd.lang);
    std::ostringstream picture;
    if (format == "json") {
        survey::write_topology_json(picture, topology);
    } else if (format == "dot") {
        survey::write_topology_dot(picture, topology, lang);
    } else if (format == "drawio") {
        survey::write_topology_drawio(picture, topology, lang);
    } else {
        survey::write_topology_svg(picture, topology, lang);
    }
    write_output(cmd.output, [&](std::ostream& out) { out << picture.view(); });
    return kExitOk;
}

}  // namespace daicho::agent
