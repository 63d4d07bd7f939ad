// Finding the device a person names on the command line (explain, annotate).

#include "cli/device_query.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <stdexcept>

#include "daicho/collectors/observation.h"

namespace daicho::agent {

namespace {

bool all_digits(const std::string& s) {
    return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
}

}  // namespace

std::vector<const ledger::DeviceRecord*> find_devices(
    const std::vector<ledger::DeviceRecord>& devices, const std::string& query) {
    std::vector<const ledger::DeviceRecord*> out;
    if (all_digits(query)) {
        std::int64_t id = 0;
        const auto [end, ec] = std::from_chars(query.data(), query.data() + query.size(), id);
        if (ec != std::errc{}) {
            return out;  // more digits than any ledger id: names no device
        }
        for (const auto& d : devices) {
            const bool linked = std::any_of(d.linked.begin(), d.linked.end(),
                                            [&](const auto& l) { return l.id == id; });
            if (d.id == id || linked) {
                out.push_back(&d);
            }
        }
        return out;
    }
    if (const auto mac = collectors::MacAddress::parse(query)) {
        const auto text = mac->to_string();
        for (const auto& d : devices) {
            // An earlier MAC of a linked machine (ledger/src/read/linked_devices.h) names it too.
            const bool linked = std::any_of(d.linked.begin(), d.linked.end(),
                                            [&](const auto& l) { return l.mac == text; });
            if (d.mac == text || linked) {
                out.push_back(&d);
            }
        }
        return out;
    }
    if (const auto ip = collectors::IpAddress::parse(query)) {
        const auto text = ip->to_string();
        for (const auto& d : devices) {
            for (const auto& a : d.addresses) {
                if (a.address == text) {
                    out.push_back(&d);
                    break;
                }
            }
        }
        return out;
    }
    throw std::invalid_argument("'" + query +
                                "' is not a device id, a MAC address or an IP address");
}

}  // namespace daicho::agent
