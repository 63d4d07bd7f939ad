// file_device (daicho/ledger/filing.h): the class table first, the category otherwise.

#include "daicho/ledger/filing.h"

#include "daicho/ledger/device.h"

namespace daicho::ledger {

void file_device(DeviceRecord& d, const LedgerFiling& filing) {
    for (std::size_t i = 0; i < kFilingClasses.size(); ++i) {
        const FilingClass& c = kFilingClasses.at(i);
        if (d.category == c.category && d.subtype == c.subtype) {
            const std::string_view chosen = filing.ledger.at(i);
            d.ledger = std::string(chosen.empty() ? c.ledger : chosen);
            d.ledger_source = "class " + std::string(c.name) +
                              (chosen.empty() ? " (default)" : " (config ledger_filing)");
            return;
        }
    }
    d.ledger = d.category == "medical" ? "medical" : "it";
    d.ledger_source = "category " + d.category;
}

bool is_ledger_name(std::string_view ledger) noexcept {
    return ledger == "it" || ledger == "medical";
}

}  // namespace daicho::ledger
