#pragma once
// What `daicho annotate` accepts for its enumerated keys, before the ledger sees them: a
// category or status in Japanese or English (category=医療機器, category=medical, status=稼働)
// becomes the stored key; a wrong one is refused with the valid values listed in the message's
// language. A department (department, owner_dept) must be one the config names, unless the
// person says it is new (--new-department); otherwise the nearest names are offered.

#include <string>
#include <utility>
#include <vector>

#include "cli/commands.h"
#include "daicho/ledger/classify.h"

namespace daicho::agent {

// Rewrites `values` in place. Throws CliError (exit 2) naming the key, the value and the valid
// values (or the nearest departments).
void check_annotation_values(std::vector<std::pair<std::string, std::string>>& values,
                             const CommonOptions& common, const ledger::Classifier& classifier,
                             bool new_department);

}  // namespace daicho::agent
