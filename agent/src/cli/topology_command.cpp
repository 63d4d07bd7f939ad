// `daicho topology [--format svg|dot|json|drawio] [--department NAME] [--lang ja|en] [-o FILE]`:
// the network picture (survey-mapper's daicho/survey/topology.h) of the ledger, one cluster per
// department, with NAME's devices listed one by one.

#include <chrono>
#include <iostream>
#include <sstream>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/messages.h"
#include "cli/output.h"
#include "cli/suggest.h"
#include "cli/text.h"
#include "daicho/ledger/ledger.h"
#include "daicho/ledger/snapshot.h"
#include "daicho/survey/topology.h"
#include "daicho/survey/topology_render.h"

namespace daicho::agent {

namespace {

survey::Topology topology_of(const CommonOptions& common, const std::string& expand) {
    const ledger::Ledger ledger(common.db, ledger::Ledger::Mode::read_only, common.knowledge);
    const ledger::Snapshot snapshot(ledger, common.departments);
    const auto list = snapshot.device_list();

    survey::TopologyOptions options;
    // The external connection points (daicho connections): each draws its gateway as an egress,
    // its remote end outside, and counts for its department.
    for (const auto& p : snapshot.connections().points) {
        std::string remote = p.remote_address;
        if (!p.names.empty()) {
            remote = p.names.front().name + " (" + p.remote_address + ")";
        }
        options.connections.push_back(survey::ConnectionPointInput{
            p.department, p.inside_device_id, p.gateway_device_id, std::move(remote),
            p.service_class, p.opener == "outside" ? "inbound" : "outbound"});
    }
    options.generated_us = std::chrono::duration_cast<std::chrono::microseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
    options.expand = expand;
    try {
        return survey::build_topology(list.devices, list.external, common.departments, options);
    } catch (const std::invalid_argument& e) {
        std::vector<std::string> names;
        for (const auto& d : common.departments.departments) {
            names.push_back(d.name);
        }
        std::vector<std::string> details;
        if (const auto near = nearest(expand, names, 3, typo_distance(expand)); !near.empty()) {
            details.push_back(message(Msg::did_you_mean, common.lang, {near.front()}));
        }
        throw CliError(kExitUsage, e.what(), details);
    }
}

}  // namespace

std::string network_svg(const CommonOptions& common, survey::Lang lang) {
    std::ostringstream picture;
    survey::write_topology_svg(picture, topology_of(common, ""), lang);
    return std::move(picture).str();
}

int run_topology(const CommonOptions& common, const TopologyCommand& cmd) {
    const std::string format = resolve_format(cmd.format, cmd.output,
                                              {"svg", "dot", "json", "drawio"}, "svg", common.lang);
    note_address_plan(common.departments);
    const survey::Topology topology = topology_of(common, cmd.department);

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
