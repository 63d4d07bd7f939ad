#include "cli/actor.h"

#include <cstdlib>
#include <stdexcept>

#include "daicho/ledger/annotations.h"
#include "daicho/service/platform.h"

namespace daicho::agent {

std::string actor(const CommonOptions& common, const std::string& by) {
    if (!by.empty()) {
        // Stored and shown like an annotation value: one line of valid UTF-8.
        if (const auto why = ledger::annotation_value_problem(by); !why.empty()) {
            throw std::invalid_argument("--by " + why);
        }
        return by;
    }
    if (!common.operator_name.empty()) {
        return common.operator_name;
    }
    // The account (platform.h), not $USER, which any caller can set.
    return platform::account_name();
}

}  // namespace daicho::agent
