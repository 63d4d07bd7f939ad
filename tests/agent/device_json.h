#pragma once
// Looks devices and ledger rows up by MAC in daicho's JSON output, for the agent's CLI tests.

#include <nlohmann/json.hpp>
#include <string>

namespace daicho::test {

// The element of a JSON array whose "mac" is `mac`, or nullptr.
inline const nlohmann::json* by_mac(const nlohmann::json& list, const std::string& mac) {
    for (const auto& d : list) {
        if (d["mac"] == mac) {
            return &d;
        }
    }
    return nullptr;
}

}  // namespace daicho::test
