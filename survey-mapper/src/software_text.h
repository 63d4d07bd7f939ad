#pragma once
// One SoftwareEntry as the sheets, the CSV export and `explain` print it: product, version and
// build ("FortiOS 7.2.8 build1639", "YAMAHA RTX1210 Rev.14.01.42"; a bare version alone). Model,
// serial and OS have columns of their own.

#include <string>

#include "daicho/ledger/device.h"

namespace daicho::survey {

[[nodiscard]] std::string software_text(const ledger::SoftwareEntry& s);

}  // namespace daicho::survey
