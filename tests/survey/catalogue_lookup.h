#pragma once
// What the catalogue tests ask of the catalogue: a software statement as a decoder or an import
// states it, and the CVEs whose ranges hold its version.

#include <string>
#include <vector>

#include "daicho/answers/catalogue.h"
#include "daicho/ledger/device.h"

namespace daicho::test {

inline ledger::SoftwareEntry entry(std::string product, std::string version) {
    ledger::SoftwareEntry s;
    s.product = std::move(product);
    s.version = std::move(version);
    s.kind = "system_description";
    return s;
}

// The CVEs of the built-in catalogue for that statement, in file order; none when the
// catalogue does not judge the product.
inline std::vector<std::string> cves_for(const std::string& product, const std::string& version) {
    const auto& c = *answers::Catalogue::builtin();
    const auto r = c.release_of(entry(product, version));
    std::vector<std::string> out;
    if (r) {
        for (const auto* row : c.exploited(*r)) {
            out.push_back(row->cve);
        }
    }
    return out;
}

}  // namespace daicho::test
