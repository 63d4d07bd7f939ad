// software_text: the parts of a SoftwareEntry that name the software, in reading order.

#include "software_text.h"

namespace daicho::survey {

std::string software_text(const ledger::SoftwareEntry& s) {
    std::string out;
    for (const std::string* part : {&s.product, &s.version, &s.build}) {
        if (!part->empty()) {
            out += (out.empty() ? "" : " ") + *part;
        }
    }
    return out;
}

}  // namespace daicho::survey
