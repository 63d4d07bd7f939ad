// Hints for questions daicho does not answer (issue 14): what the wire shows about Q14-1
// (RADIUS servers behind a second factor), Q15 (monitoring: SNMP managers, Zabbix and NRPE)
// and Q17-2 (backup and storage targets always reachable over the network, so not offline by
// themselves). Evidence for a person, never an answer; no hint without evidence. Q6 (MDS/SDS)
// shows nothing on the wire.

#include <algorithm>
#include <array>
#include <string_view>

#include "daicho/answers/survey.h"
#include "questions/common.h"

namespace daicho::answers {

using namespace detail;

namespace {

struct HintRule {
    std::string_view question;
    std::string_view word;                     // hint.<...>
    std::array<std::string_view, 3> services;  // services the device offers ("" unused)
    std::string_view role;                     // or a role fact it has ("" none)
};

// Ports: RADIUS RFC 2865 (1812; 1645 the pre-RFC port); Zabbix agent 10050 and server/proxy
// 10051 (Zabbix manual "Requirements: default ports"); NRPE 5666; NDMP 10000 (RFC draft
// ndmp-v4, IANA); iSCSI 3260 (RFC 7143).
constexpr std::array<HintRule, 5> kRules{{
    {"Q14-1", "hint.q14_radius", {"udp/1812", "udp/1645", ""}, ""},
    {"Q15", "hint.q15_snmp_manager", {"", "", ""}, "snmp-manager"},
    {"Q15", "hint.q15_zabbix_server", {"tcp/10051", "", ""}, ""},
    {"Q15", "hint.q15_agents", {"tcp/10050", "tcp/5666", ""}, ""},
    {"Q17-2", "hint.q17_backup_targets", {"tcp/10000", "tcp/3260", ""}, ""},
}};

bool matches(const ledger::DeviceRecord& d, const HintRule& r) {
    for (const auto s : r.services) {
        if (!s.empty() && std::find(d.services.begin(), d.services.end(), s) != d.services.end()) {
            return true;
        }
    }
    return !r.role.empty() && std::any_of(d.facts.begin(), d.facts.end(), [&](const auto& f) {
        return f.kind == collectors::FactKind::role && f.about.empty() && f.value == r.role;
    });
}

}  // namespace

std::vector<Hint> hints(const SurveyInput& in) {
    const Context ctx = context(in);
    std::vector<Hint> out;
    for (const auto& rule : kRules) {
        Hint h{std::string(rule.question), {std::string(rule.word), {}}, {}};
        for (const auto& d : in.devices) {
            if (active(d, ctx) && matches(d, rule)) {
                h.devices.push_back(d.id);
            }
        }
        if (!h.devices.empty()) {
            h.text.args.push_back(std::to_string(h.devices.size()));
            out.push_back(std::move(h));
        }
    }
    return out;
}

}  // namespace daicho::answers
