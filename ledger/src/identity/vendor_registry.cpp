// MAC prefix -> organisation from the IEEE registries (Debian ieee-data CSV files).
// Format: "Registry,Assignment,Organization Name,Organization Address", RFC 4180 quoting
// (names may hold commas and doubled quotes). Assignments are 6 (MA-L), 7 (MA-M) or
// 9 (MA-S, IAB) hex digits; the longest matching prefix wins.

#include "daicho/ledger/vendor_registry.h"

#include <array>
#include <fstream>
#include <optional>
#include <string>
#include <system_error>

#include "daicho/ledger/ledger.h"

namespace daicho::ledger {

namespace {

constexpr std::array<const char*, 4> kRegistryFiles{"oui.csv", "mam.csv", "oui36.csv", "iab.csv"};

std::string_view trim(std::string_view s) {
    constexpr std::string_view kSpace = " \t\r\n\v\f";
    const auto b = s.find_first_not_of(kSpace);
    if (b == std::string_view::npos) {
        return {};
    }
    return s.substr(b, s.find_last_not_of(kSpace) - b + 1);
}

// Hex digits an assignment of each MAC registry has; 0 for registries that are not MACs.
std::size_t assignment_digits(std::string_view registry) {
    if (registry == "MA-L") {
        return 6;
    }
    if (registry == "MA-M") {
        return 7;
    }
    if (registry == "MA-S" || registry == "IAB") {
        return 9;
    }
    return 0;
}

std::optional<std::uint64_t> parse_hex(std::string_view s) {
    std::uint64_t v = 0;
    for (char c : s) {
        unsigned d = 0;
        if (c >= '0' && c <= '9') {
            d = static_cast<unsigned>(c - '0');
        } else if (c >= 'a' && c <= 'f') {
            d = static_cast<unsigned>(c - 'a' + 10);
        } else if (c >= 'A' && c <= 'F') {
            d = static_cast<unsigned>(c - 'A' + 10);
        } else {
            return std::nullopt;
        }
        v = (v << 4U) | d;
    }
    return v;
}

std::optional<std::string> read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) {
        return std::nullopt;
    }
    in.seekg(0, std::ios::end);
    const auto end = in.tellg();
    if (end < 0) {
        return std::nullopt;
    }
    std::string data(static_cast<std::size_t>(end), '\0');
    in.seekg(0, std::ios::beg);
    if (!in.read(data.data(), static_cast<std::streamsize>(data.size()))) {
        return std::nullopt;
    }
    return data;
}

// Reads one RFC 4180 field at `pos` into *out (when not null); returns the position of the
// ',' / line end / end of text that follows it.
std::size_t read_field(std::string_view text, std::size_t pos, std::string* out) {
    if (pos < text.size() && text[pos] == '"') {
        ++pos;
        while (pos < text.size()) {
            const auto q = text.find('"', pos);
            if (q == std::string_view::npos) {  // unterminated: take the rest
                if (out != nullptr) {
                    out->append(text.substr(pos));
                }
                return text.size();
            }
            if (out != nullptr) {
                out->append(text.substr(pos, q - pos));
            }
            pos = q + 1;
            if (pos < text.size() && text[pos] == '"') {  // "" is one quote
                if (out != nullptr) {
                    out->push_back('"');
                }
                ++pos;
                continue;
            }
            break;
        }
    }
    const auto end = text.find_first_of(",\r\n", pos);
    const auto stop = end == std::string_view::npos ? text.size() : end;
    if (out != nullptr) {
        out->append(text.substr(pos, stop - pos));
    }
    return stop;
}

}  // namespace

VendorRegistry VendorRegistry::load(const std::filesystem::path& dir) {
    VendorRegistry r;
    r.l24_.reserve(40000);
    r.l28_.reserve(6000);
    r.l36_.reserve(12000);
    bool any = false;
    std::string registry;
    std::string assignment;
    std::string organisation;
    for (const char* name : kRegistryFiles) {
        const auto data = read_file(dir / name);
        if (!data) {
            continue;
        }
        any = true;
        const std::string_view text(*data);
        std::size_t pos = 0;
        while (pos < text.size()) {
            registry.clear();
            assignment.clear();
            organisation.clear();
            std::array<std::string*, 3> wanted{&registry, &assignment, &organisation};
            for (std::size_t field = 0;; ++field) {
                pos = read_field(text, pos, field < wanted.size() ? wanted[field] : nullptr);
                if (pos < text.size() && text[pos] == ',') {
                    ++pos;
                    continue;
                }
                break;
            }
            while (pos < text.size() && (text[pos] == '\r' || text[pos] == '\n')) {
                ++pos;
            }
            // The header line, other registries (CID) and damaged rows are skipped.
            const auto hex = trim(assignment);
            if (hex.size() == assignment_digits(trim(registry))) {
                r.insert(hex, trim(organisation));
            }
        }
    }
    if (!any) {
        throw Error(ErrorCode::no_vendor_registry, {dir.string()},
                    dir.string() +
                        ": no readable IEEE registry file (oui.csv, mam.csv, oui36.csv, iab.csv); "
                        "install the ieee-data package or point the vendor directory elsewhere");
    }
    return r;
}

bool VendorRegistry::insert(std::string_view hex, std::string_view organisation) {
    if (organisation.empty()) {
        return false;
    }
    const auto value = parse_hex(hex);
    if (!value) {
        return false;
    }
    switch (hex.size()) {
        case 6:
            l24_.insert_or_assign(*value, std::string(organisation));
            return true;
        case 7:
            l28_.insert_or_assign(*value, std::string(organisation));
            return true;
        case 9:
            l36_.insert_or_assign(*value, std::string(organisation));
            return true;
        default:
            return false;
    }
}

void VendorRegistry::add(std::string_view hex_assignment, std::string_view organisation) {
    const auto hex = trim(hex_assignment);
    if (!insert(hex, trim(organisation))) {
        throw Error("vendor registry: bad assignment '" + std::string(hex) +
                    "' (want 6, 7 or 9 hex digits and a non-empty organisation)");
    }
}

std::string_view VendorRegistry::lookup(const collectors::MacAddress& mac) const {
    const std::uint64_t v = mac.as_u64();
    if (auto it = l36_.find(v >> 12U); it != l36_.end()) {
        return it->second;
    }
    if (auto it = l28_.find(v >> 20U); it != l28_.end()) {
        return it->second;
    }
    if (auto it = l24_.find(v >> 24U); it != l24_.end()) {
        return it->second;
    }
    return {};
}

std::size_t VendorRegistry::size() const noexcept { return l24_.size() + l28_.size() + l36_.size(); }

}  // namespace daicho::ledger
