#pragma once
// The dated evidence pack (issue 14): one library call behind `daicho evidence` and the
// daemon's export schedule (export/export_schedule.h), so both hand in the same files.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "cli/commands.h"

namespace daicho::agent {

struct EvidencePackRequest {
    std::filesystem::path out;  // the pack's directory; must not exist
    std::string as_of;          // the survey's reference date; "" its default
    std::string lang = "ja";    // ja | en
};

struct EvidencePack {
    std::filesystem::path dir;
    std::size_t files = 0;      // with manifest.json and SHA256SUMS
    std::int64_t first_us = 0;  // the observation window (unix us; 0: no frames)
    std::int64_t last_us = 0;
    std::vector<std::string> missing;  // files that could not be made, with why
};

// Builds the pack in OUT.partial-PID beside `out` and renames it to `out` when complete. Throws
// std::invalid_argument (in `lang`) when `out` exists (a pack is never overwritten) or there is
// no ledger; any other failure (disk full, unwritable folder) throws too, and then nothing is
// left under either name.
EvidencePack write_evidence_pack(const CommonOptions& common, const EvidencePackRequest& request);

}  // namespace daicho::agent
