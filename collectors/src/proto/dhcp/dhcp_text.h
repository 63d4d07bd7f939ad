#pragma once
// Text helpers shared by the DHCPv4 and DHCPv6 decoders: the printable test for opaque vendor
// data, and the split of a DNS wire-format name (RFC 1035 §3.1; RFC 4702 §2.3.1 and RFC 4704
// §4.2: canonical form, no compression, RFC 4704 also allows a partial name without the root
// label) into its first label and the rest. No allocation; the packet is read only through
// ByteReader.

#include <array>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "daicho/collectors/byte_reader.h"
#include "daicho/collectors/observation.h"
#include "proto/common/text.h"

namespace daicho::collectors::dhcp {

using text::FixedText;

// Every byte printable ASCII (0x20-0x7e) and at least one byte.
[[nodiscard]] inline bool is_printable(std::string_view s) noexcept {
    if (s.empty()) {
        return false;
    }
    for (const char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20U || u > 0x7eU) {
            return false;
        }
    }
    return true;
}

// Removes trailing NUL padding (many clients count a C string terminator in the length).
[[nodiscard]] inline std::string_view strip_nul(std::string_view s) noexcept {
    while (!s.empty() && s.back() == '\0') {
        s.remove_suffix(1);
    }
    return s;
}

// dhcpcd's vendor class (dhcpcd's dhcp-common.c dhcp_vendor(): "dhcpcd-<version>:<uname
// sysname>-<uname release>:<uname machine>[:<hardware platform>]", e.g.
// "dhcpcd-9.4.1:Linux-6.1.0:x86_64:Raspberry Pi 4"): the parts that name software, OS and
// hardware, each a view into the class text. Empty views when the class is not dhcpcd's.
struct DhcpcdClass {
    std::string_view software;  // "dhcpcd-9.4.1"
    std::string_view os;        // "Linux-6.1.0"
    std::string_view platform;  // the fourth field, when dhcpcd found one
};

[[nodiscard]] constexpr DhcpcdClass split_dhcpcd_class(std::string_view text) noexcept {
    constexpr std::string_view kPrefix = "dhcpcd-";
    DhcpcdClass out;
    if (text.substr(0, kPrefix.size()) != kPrefix || text.size() == kPrefix.size()) {
        return out;
    }
    const auto field = [&text]() {
        const std::size_t colon = text.find(':');
        const std::string_view f = text.substr(0, colon);
        text = colon == std::string_view::npos ? std::string_view() : text.substr(colon + 1);
        return f;
    };
    out.software = field();
    out.os = field();
    (void)field();  // the machine (x86_64, armv7l): the platform says more
    out.platform = text;
    return out;
}

// A name split for the facts: host is the first label (a view into the frame), domain the
// remaining labels joined by dots (formatted into `domain`). A single-label name leaves
// domain empty.
struct SplitName {
    std::string_view host;
    FixedText<256> domain;  // RFC 1035 §2.3.4: a name is at most 255 octets
};

inline constexpr std::uint8_t kMaxLabelLength = 63;  // RFC 1035 §2.3.4

// Reads a wire-format name to its root label (or the end of `name`, a partial name, RFC 4704
// §4.2). Bytes after the root label are ignored. Returns malformed for a compression pointer
// or over-long label (RFC 4702 §2.3.1: no compression), limited past max_labels.
[[nodiscard]] inline DecodeResult split_wire_name(ByteReader name, std::size_t max_labels,
                                                  SplitName& out) noexcept {
    std::size_t labels = 0;
    while (!name.empty()) {
        const auto len = name.u8();
        if (!len) {
            return DecodeResult::malformed;  // unreachable: not empty
        }
        if (*len == 0) {
            return DecodeResult::decoded;  // the root label
        }
        if (*len > kMaxLabelLength) {
            return DecodeResult::malformed;  // RFC 1035 §4.1.4 pointer or a bad length
        }
        const auto label = name.chars(*len);
        if (!label) {
            return DecodeResult::malformed;  // the label runs past the option
        }
        if (++labels > max_labels) {
            return DecodeResult::limited;
        }
        if (labels == 1) {
            out.host = *label;
            continue;
        }
        if (labels > 2) {
            out.domain.put('.');
        }
        out.domain.append(*label);
    }
    return DecodeResult::decoded;  // a partial name (RFC 4704 §4.2)
}

// ASCII form (RFC 4702 §2.3, E flag clear; also deprecated in RFC 4702 but still sent):
// "host.example.org." -> host "host", domain "example.org".
inline void split_ascii_name(std::string_view text, SplitName& out) noexcept {
    text = strip_nul(text);
    if (!text.empty() && text.back() == '.') {
        text.remove_suffix(1);
    }
    const auto dot = text.find('.');
    out.host = text.substr(0, dot);
    if (dot != std::string_view::npos) {
        out.domain.append(text.substr(dot + 1));
    }
}

}  // namespace daicho::collectors::dhcp
