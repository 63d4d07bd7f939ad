#pragma once
// MAC prefix -> organisation, from the IEEE registries as Debian's ieee-data ships them
// (oui.csv = MA-L /24, mam.csv = MA-M /28, oui36.csv = MA-S /36, iab.csv = IAB /36).
// Longest prefix wins.

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>

#include "daicho/collectors/observation.h"

namespace daicho::ledger {

class VendorRegistry {
   public:
    static constexpr const char* kDefaultDir = "/usr/share/ieee-data";

    VendorRegistry() = default;
    // Loads every registry file present in `dir`. Throws ledger::Error when none is readable.
    static VendorRegistry load(const std::filesystem::path& dir);

    // "" when no registry lists the prefix.
    [[nodiscard]] std::string_view lookup(const collectors::MacAddress& mac) const;
    [[nodiscard]] std::size_t size() const noexcept;

    // For tests and user-supplied files: adds one assignment ("00000C", "0050C2123"),
    // replacing an earlier one. Throws ledger::Error unless it is 6, 7 or 9 hex digits with a
    // non-empty organisation (surrounding whitespace is trimmed).
    void add(std::string_view hex_assignment, std::string_view organisation);

   private:
    bool insert(std::string_view hex, std::string_view organisation);

    // key: the assignment's value (the top 24, 28 or 36 bits of the MAC); one map per length.
    std::unordered_map<std::uint64_t, std::string> l24_;
    std::unordered_map<std::uint64_t, std::string> l28_;
    std::unordered_map<std::uint64_t, std::string> l36_;
};

}  // namespace daicho::ledger
