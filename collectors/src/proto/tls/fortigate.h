#pragma once
// FortiGate factory certificates: Fortinet names a unit's default certificate (subject
// O=Fortinet, OU=FortiGate) after the unit's serial number, e.g. CN=FGT60FTK21091234 or
// CN=FG100FTK21001234. certificate.cpp reads the serial from it; the test checks the shape.

#include <cstddef>
#include <string_view>

namespace daicho::collectors::tls {

inline constexpr std::size_t kMinFortigateSerial = 14;
inline constexpr std::size_t kMaxFortigateSerial = 18;

// "FG" (FGT, FG100F, FGVM ...), then upper-case letters and digits only, ending in at least
// four digits (the unit number).
[[nodiscard]] constexpr bool is_fortigate_serial(std::string_view cn) noexcept {
    if (cn.size() < kMinFortigateSerial || cn.size() > kMaxFortigateSerial ||
        cn.substr(0, 2) != "FG") {
        return false;
    }
    for (const char c : cn) {
        if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'))) {
            return false;
        }
    }
    for (const char c : cn.substr(cn.size() - 4)) {
        if (c < '0' || c > '9') {
            return false;
        }
    }
    return true;
}

}  // namespace daicho::collectors::tls
