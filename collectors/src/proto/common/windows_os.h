#pragma once
// Windows OS statements carried as text, outside SMB/NTLM (which state the version in binary
// fields and format it themselves): the DHCP vendor class and the product tokens of HTTP and
// SSDP User-Agent / Server values. Shared by the dhcp, dhcpv6, http and ssdp decoders, so one
// wire text always gives one os value.
// Refs: RFC 2132 §9.13 (vendor class identifier) and MS-DHCPE (Microsoft's DHCP client
//   extensions: the vendor class "MSFT 5.0" of Windows 2000 and every later Windows, "MSFT 98"
//   of Windows 98/Me); RFC 9110 §10.1.5 (User-Agent: product
//   tokens and comments), §10.2.4 (Server); UPnP Device Architecture 2.0 §1.2.2 (SERVER
//   "OS/version UPnP/2.0 product/version", which Windows fills as "Microsoft-Windows/10.0" or
//   "Microsoft-Windows-NT/5.1").
// Values: "Windows" for the vendor class (a family, not a version: Windows 2000 and Windows 11
//   send the same text); "Windows <major>.<minor>[.<build>]" (the NT version, as the NetBIOS
//   browser and NTLM decoders write it) from "Windows NT x.y" in a User-Agent comment,
//   "Microsoft-CryptoAPI/x.y" and "Microsoft-Windows[-NT]/x.y". Windows 11 still says NT 10.0:
//   the value is the NT version, never a marketing name.
// Not read: "Windows Phone", "Windows CE" and "Windows 98" comments (no NT version),
//   Microsoft-IIS/x.y (the IIS version, not the OS's), Windows-Update-Agent/x.y (the agent's).

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string_view>

#include "proto/common/emitter.h"
#include "proto/common/text.h"

namespace daicho::collectors::windows_os {

// Fits "Windows 99.99" with room to spare.
using OsText = text::FixedText<24>;

// The os value of a DHCP vendor class (option 60, or the DHCPv6 vendor class datum of
// enterprise 311), nullopt for any other class.
[[nodiscard]] constexpr std::optional<std::string_view> from_vendor_class(
    std::string_view vendor_class) noexcept {
    if (vendor_class == "MSFT 5.0" || vendor_class == "MSFT 98") {
        return std::string_view("Windows");
    }
    return std::nullopt;
}

namespace detail {

constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
constexpr bool is_alnum(char c) noexcept {
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// "x.y" or "x.y.build" at the start of `v` (x, y of one or two digits, a build of up to five),
// followed by the end or a character that is not a digit or a dot ("10.0;", "6.1)",
// "10.0 UPnP", "6.1.7601"): the NT version.
constexpr std::optional<std::string_view> nt_version(std::string_view v) noexcept {
    std::size_t i = 0;
    const auto digits = [&v, &i](std::size_t max) {
        const std::size_t start = i;
        while (i < v.size() && is_digit(v[i]) && i - start <= max) {
            ++i;
        }
        const std::size_t n = i - start;
        return n != 0 && n <= max;
    };
    const auto ends = [&v, &i]() { return i >= v.size() || !(is_digit(v[i]) || v[i] == '.'); };
    if (!digits(2) || i >= v.size() || v[i] != '.') {
        return std::nullopt;
    }
    ++i;
    if (!digits(2)) {
        return std::nullopt;
    }
    if (ends()) {
        return v.substr(0, i);
    }
    if (v[i] != '.') {
        return std::nullopt;
    }
    ++i;
    if (!digits(5) || !ends()) {
        return std::nullopt;
    }
    return v.substr(0, i);
}

// The version after `token` where the token starts the text or follows a character that is
// not a letter or digit (so "XWindows NT 6.1" is not read).
constexpr std::optional<std::string_view> after_token(std::string_view text,
                                                      std::string_view token) noexcept {
    for (std::size_t at = text.find(token); at != std::string_view::npos;
         at = text.find(token, at + 1)) {
        if (at != 0 && is_alnum(text[at - 1])) {
            continue;
        }
        if (const auto v = nt_version(text.substr(at + token.size()))) {
            return v;
        }
    }
    return std::nullopt;
}

}  // namespace detail

// Formats the os value a User-Agent or Server text states into `out`; false when it states
// none. The first matching token wins: a User-Agent names one OS.
template <std::size_t N>
[[nodiscard]] constexpr bool from_product_text(std::string_view text,
                                               text::FixedText<N>& out) noexcept {
    for (const std::string_view token :
         {std::string_view("Windows NT "), std::string_view("Microsoft-CryptoAPI/"),
          std::string_view("Microsoft-Windows/"), std::string_view("Microsoft-Windows-NT/")}) {
        if (const auto v = detail::after_token(text, token)) {
            out.append("Windows ");
            out.append(*v);
            return true;
        }
    }
    return false;
}

// The os fact of the sender whose User-Agent or Server value is `text`, when it states one.
inline void emit_from_product_text(const Emitter& emit, std::string_view text) noexcept {
    OsText os;
    if (from_product_text(text, os)) {
        emit.copy(FactKind::os, os.view());
    }
}

}  // namespace daicho::collectors::windows_os
