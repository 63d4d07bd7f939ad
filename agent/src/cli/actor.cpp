#include "cli/actor.h"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>

#include "daicho/ledger/annotations.h"

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
    // The account, not $USER, which any caller can set; $USER only when the account has no
    // name (a container's bare uid).
    if (const passwd* pw = getpwuid(geteuid()); pw != nullptr && pw->pw_name != nullptr) {
        return pw->pw_name;
    }
    const char* user = std::getenv("USER");
    return user != nullptr ? user : "";
}

}  // namespace daicho::agent
