// libFuzzer target: the config file loader (agent/src/config) and the prefix parser. A config is
// a person's file, not wire input, but it is parsed with a hand-written path tracker and strict
// checks: whatever the bytes, the loader either returns a map that keeps its promises or throws
// config::Error (anything else escaping is a crash here), and a parsed prefix prints and
// re-parses to itself.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "config/config.h"
#include "daicho/ledger/departments.h"

namespace {

void check_prefix(std::string_view text) {
    const auto p = daicho::ledger::parse_prefix(text);
    if (p && daicho::ledger::parse_prefix(p->text()) != p) {
        __builtin_trap();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace daicho;
    const std::string text(data, data + size);
    check_prefix(std::string_view(text).substr(0, 64));
    try {
        const auto config = agent::config::parse(text, "fuzz.json");
        const auto& map = config.departments;
        for (const auto& d : map.departments) {
            if (d.name.empty()) {
                __builtin_trap();
            }
            for (const auto& p : d.subnets) {
                check_prefix(p.text());
            }
        }
        // Resolving devices through any accepted map is total.
        ledger::DeviceRecord device;
        device.addresses.push_back({"10.20.1.10", "arp", 0, 0, {}});
        device.addresses.push_back({"fd00:20::1", "ndp", 0, 0, {}});
        device.vlans = {0, 20, 4094};
        ledger::resolve_placement(device, map);
        if (!device.department.empty() && !device.department_conflict.empty()) {
            __builtin_trap();
        }
    } catch (const agent::config::Error&) {
    }
    return 0;
}
