// `daicho explain DEVICE`: why a device got its category. Prints the device's identity, the
// category / subtype / confidence / band, every rule that fired with its weight and the
// facts behind it (capture + frame), the score of every category with a fired rule, and the
// rules that came close. DEVICE is a ledger id, a MAC or an IP address.
// Labels are English for now: the CLI has no --lang yet (`devices --format table` is English
// too); the Japanese report wording belongs to survey-mapper's i18n when it lands.

#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/device_query.h"
#include "cli/text.h"
#include "daicho/collectors/observation.h"
#include "daicho/ledger/classify.h"
#include "daicho/ledger/departments.h"
#include "daicho/ledger/export.h"
#include "daicho/ledger/ledger.h"

namespace daicho::agent {

namespace {

// Near misses are hints, not the answer; a long tail of them hides the fired rules.
constexpr std::size_t kMaxNearMisses = 10;

std::string joined(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& p : parts) {
        out += (out.empty() ? "" : " ") + p;
    }
    return out.empty() ? "-" : out;
}

std::string category_text(const std::string& category, const std::string& subtype) {
    return subtype.empty() ? category : category + "/" + subtype;
}

std::string evidence_text(const ledger::RuleEvidence& e) {
    std::string out;
    if (e.kind == "vendor") {
        out = "vendor: " + e.value;
    } else {
        out = e.kind + " = \"" + e.value + "\"";
    }
    out += " [" + e.source + "]";
    if (!e.about.empty()) {
        out += " about " + e.about;
    }
    if (!e.evidence.capture.empty() || e.evidence.frame != 0) {
        out += "  " + e.evidence.capture + " frame " + std::to_string(e.evidence.frame);
    }
    return escape_control(out);
}

// "放射線科 (subnet 10.20.0.0/16)", "- (no mapping)", or the candidates of a conflict.
std::string placement_text(const std::string& name, const std::string& source,
                           const std::vector<ledger::PlacementCandidate>& conflict) {
    if (!conflict.empty()) {
        std::string out = "conflict, a person decides:";
        for (const auto& c : conflict) {
            out += " " + c.name + " (" + c.source + ")";
        }
        return escape_control(out);
    }
    if (name.empty()) {
        return "- (no annotation or mapping)";
    }
    return escape_control(name + " (" + source + ")");
}

void print_device(std::ostream& out, const ledger::DeviceRecord& d) {
    if (d.routed) {
        out << "device " << d.id << "  " << d.addresses.front().address << "  (domain " << d.domain
            << ", routed host: seen behind router " << d.routed_via << ")\n";
    } else {
        out << "device " << d.id << "  " << d.mac << "  (domain " << d.domain << ", " << d.mac_kind
            << " MAC)\n";
    }
    for (const auto& l : d.linked) {
        out << "  linked      device " << l.id << " " << l.mac << " (" << l.mac_kind
            << " MAC): " << escape_control(l.reason) << '\n';
    }
    out << "  vendor      " << escape_control(d.vendor.empty() ? "-" : d.vendor) << '\n';
    if (const auto maker = ledger::Classifier::builtin().maker_for_mac(d.mac)) {
        out << "  maker       " << maker->maker->name;
        if (!maker->maker->name_ja.empty()) {
            out << " (" << maker->maker->name_ja << ")";
        }
        out << ", OUI " << maker->oui << " " << maker->strength
            << (maker->maker->mixed_it ? ", also makes IT gear" : "") << '\n';
    }
    std::vector<std::string> ips;
    for (const auto& a : d.addresses) {
        ips.push_back(a.address);
    }
    std::vector<std::string> vlans;
    for (int v : d.vlans) {
        vlans.push_back(std::to_string(v));
    }
    out << "  addresses   " << joined(ips) << '\n';
    out << "  vlans       " << joined(vlans) << '\n';
    out << "  hostnames   " << escape_control(joined(d.hostnames)) << '\n';
    out << "  services    " << escape_control(joined(d.services)) << '\n';
    out << "  seen        " << ledger::format_time_utc(d.first_seen_us) << " .. "
        << ledger::format_time_utc(d.last_seen_us) << '\n';
    out << "  department  "
        << placement_text(d.department, d.department_source, d.department_conflict) << '\n';
    out << "  site        " << placement_text(d.site, d.site_source, d.site_conflict) << '\n';
}

void print_classification(std::ostream& out, const ledger::Classification& c) {
    out << "classification: " << category_text(c.category, c.subtype) << "  confidence "
        << c.confidence << " (" << c.band << ")\n";
    if (c.fired.empty()) {
        out << "fired rules: none\n";
    } else {
        out << "fired rules:\n";
        for (const auto& r : c.fired) {
            out << "  +" << r.weight << "  " << r.id << "  -> "
                << category_text(r.category, r.subtype) << '\n';
            for (const auto& e : r.evidence) {
                out << "        " << evidence_text(e) << '\n';
            }
        }
    }
    if (!c.scores.empty()) {
        out << "scores:";
        for (const auto& s : c.scores) {
            out << "  " << s.category << " " << s.confidence;
        }
        out << '\n';
    }
    if (!c.near_misses.empty()) {
        out << "came close (some conditions held):\n";
        std::size_t shown = 0;
        for (const auto& n : c.near_misses) {
            if (shown++ == kMaxNearMisses) {
                out << "  ... and " << c.near_misses.size() - kMaxNearMisses << " more\n";
                break;
            }
            out << "  " << n.weight << "  " << n.id << "  -> "
                << category_text(n.category, n.subtype)
                << "; missing: " << escape_control(n.missing) << '\n';
        }
    }
}

}  // namespace

int run_explain(const CommonOptions& common, const ExplainCommand& cmd) {
    const ledger::Ledger ledger(common.db, ledger::Ledger::Mode::read_only);
    auto devices = ledger.devices();
    ledger::resolve_placements(devices, common.departments);
    const auto matches = find_devices(devices, cmd.device);
    if (matches.empty()) {
        std::cerr << "daicho: no device in " << escape_control(common.db.string()) << " matches "
                  << escape_control(cmd.device) << '\n';
        return kExitFailure;
    }
    bool first = true;
    for (const auto* d : matches) {
        if (!first) {
            std::cout << '\n';
        }
        first = false;
        print_device(std::cout, *d);
        if (!d->annotations.empty()) {
            std::cout << "Annotations (a person's word; a category here wins over the rules):\n";
            for (const auto& a : d->annotations) {
                std::cout << "  " << a.key << " = " << escape_control(a.value) << "  ("
                          << escape_control(a.source) << ")\n";
            }
        }
        print_classification(std::cout, ledger::classify(*d));
    }
    std::cout.flush();
    return kExitOk;
}

}  // namespace daicho::agent
