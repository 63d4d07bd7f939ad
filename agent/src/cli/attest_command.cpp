// `daicho attest KEY [VALUE] [--device D] [--by NAME] [--date DATE]`: records what a person
// states for the survey and the wire cannot show (the ledger-keeping department, a review, an
// ESU contract, offline patching, a credential reset). Statements are appended with who and
// when; the survey counts the newest one in force and shows it. `daicho attest --list` prints
// every statement with its validity.

#include <iostream>

#include "cli/actor.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/device_arg.h"
#include "cli/text.h"
#include "daicho/answers/attestation_keys.h"
#include "daicho/ledger/attestations.h"
#include "daicho/ledger/ledger.h"
#include "daicho/ledger/snapshot.h"
#include "daicho/ledger/text.h"
#include "daicho/ledger/time.h"

namespace daicho::agent {

namespace {

std::string today_utc() {
    return ledger::format_time_utc(ledger::now_us()).substr(0, 10);
}

std::string key_list() {
    std::string s;
    for (const auto& k : answers::kAttestationKeys) {
        s += (s.empty() ? "" : ", ") + std::string(k.key);
    }
    return s;
}

int list(const CommonOptions& common, const AttestCommand& cmd) {
    const ledger::Ledger ledger(common.db, ledger::Ledger::Mode::read_only, common.knowledge);
    const auto lang = to_lang(cmd.lang);
    for (const auto& r : ledger::read_attestations(ledger)) {
        const auto* k = answers::attestation_key(r.key);
        std::string until = "-";
        if (k != nullptr && k->valid_days > 0) {
            until = answers::add_days(r.date, k->valid_days);
        }
        std::cout << r.date << "  " << ledger::text::escape(r.key)
                  << (r.device_id != 0 ? "  #" + std::to_string(r.device_id) : std::string())
                  << "  " << ledger::text::escape(r.value) << "  ("
                  << (lang == survey::Lang::ja ? "確認者 " : "by ") << ledger::text::escape(r.by)
                  << (lang == survey::Lang::ja ? "、有効期限 " : ", valid until ") << until
                  << ")\n";
    }
    return kExitOk;
}

}  // namespace

int run_attest(const CommonOptions& common, const AttestCommand& cmd) {
    if (cmd.list) {
        return list(common, cmd);
    }
    if (cmd.key.empty()) {
        throw std::invalid_argument("a KEY is needed: " + key_list());
    }
    const auto* key = answers::attestation_key(cmd.key);
    if (key == nullptr) {
        throw std::invalid_argument("unknown attestation key '" + ledger::text::escape(cmd.key) +
                                    "'; keys: " + key_list());
    }
    if (key->scope == "hospital" && !cmd.device.empty()) {
        throw std::invalid_argument("'" + cmd.key + "' is about the whole hospital: no --device");
    }
    ledger::Ledger ledger(common.db, ledger::Ledger::Mode::read_write, common.knowledge);
    ledger::AttestationRecord record;
    record.key = cmd.key;
    record.value = cmd.value;
    record.by = actor(common, cmd.by);
    record.date = cmd.date.empty() ? today_utc() : cmd.date;
    if (!cmd.device.empty()) {
        const ledger::Snapshot snapshot(ledger, common.departments);
        record.device_id = find_one_device(snapshot, cmd.device, common).id;
    }
    const auto id = ledger::record_attestation(ledger, record);
    std::cout << "attestation " << id << ": " << cmd.key
              << (record.device_id != 0 ? " #" + std::to_string(record.device_id) : std::string())
              << " (" << ledger::text::escape(record.by) << ", " << record.date << ")\n";
    return kExitOk;
}

}  // namespace daicho::agent
