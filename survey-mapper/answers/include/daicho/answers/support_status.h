#pragma once
// Where a device's OS or firmware stands on the reference date, from the catalogue: its
// release, whether that release still gets security updates, and the known-exploited CVEs its
// version falls in. Shared by Q12 (network gear), Q13 (servers and PCs) and the dashboard's
// device list (its end-of-support badge).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daicho/answers/catalogue.h"
#include "daicho/ledger/device.h"

namespace daicho::answers::detail {

struct SupportStatus {
    enum class State {
        in_support,
        ended,
        // The build's general release has ended but an LTSC release shares the build: a
        // person confirms the edition (attestation "ltsc").
        ended_unless_ltsc,
        unknown,  // no catalogue row for the release (or no release known)
    };
    std::optional<Release> release;
    std::string name;  // the row's name, else "<product> <version>"
    State state = State::unknown;
    const SupportRow* row = nullptr;   // the row that decided
    const SupportRow* ltsc = nullptr;  // ended_unless_ltsc: the LTSC row
    std::vector<const ExploitedRow*> exploited;
};

[[nodiscard]] SupportStatus support_status(const ledger::DeviceRecord& d, const Catalogue& c,
                                           std::string_view as_of);

}  // namespace daicho::answers::detail
