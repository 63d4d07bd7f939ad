#pragma once
// Matching ledger rows to devices for `daicho import ledger`: the values a cell lists, and an
// index of the devices by MAC, address and host name.

#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "daicho/import/ledger_import.h"
#include "daicho/ledger/device.h"

namespace daicho::import::detail {

[[nodiscard]] std::string ascii_lower(std::string_view s);
// The values a cell lists ("10.0.0.1 10.0.0.2", "pc1 / PC1.local", "a、b").
[[nodiscard]] std::vector<std::string> tokens(std::string_view cell);
// The address in canonical text, "" when it is none.
[[nodiscard]] std::string normalise_ip(std::string_view token);
// Letters, digits, '.', '-', '_', and not an address.
[[nodiscard]] bool hostname_like(std::string_view token);

struct Index {
    std::map<std::string, std::set<std::size_t>, std::less<>> mac;
    std::map<std::string, std::set<std::size_t>, std::less<>> ip;
    std::map<std::string, std::set<std::size_t>, std::less<>> host;        // full, lower case
    std::map<std::string, std::set<std::size_t>, std::less<>> host_short;  // of FQDNs
    explicit Index(std::span<const DeviceRecord> devices);
};

struct RowMatch {
    RowIdentity identity;
    std::vector<std::string> macs;  // normalised
    std::vector<std::string> ips;
    std::vector<std::string> hosts;    // lower case
    std::set<std::size_t> candidates;  // device indices found by the deciding key
    std::optional<MatchedBy> by;
    std::size_t duplicate_of_row = 0;
};

// MAC, else IP, else host name: the first key that finds any device decides.
void match_row(RowMatch& m, const Index& index);

}  // namespace daicho::import::detail
