#include "cli/text.h"

#include "daicho/ledger/text.h"

namespace daicho::agent {

std::string escape_control(std::string_view s) { return ledger::text::escape(s); }

std::string with_commas(std::uint64_t n) {
    std::string digits = std::to_string(n);
    std::string out;
    const std::size_t lead = digits.size() % 3;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i != 0 && (i % 3) == lead % 3 && i >= (lead == 0 ? 3 : lead)) {
            out += ',';
        }
        out += digits[i];
    }
    return out;
}

}  // namespace daicho::agent
