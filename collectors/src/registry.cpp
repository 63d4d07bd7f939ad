// The one table of application decoders (STYLE.md §4.3). Adding a protocol adds one row here
// and its folder under proto/. Order matters only between rows that match the same payload:
// the first row whose result is not `not_mine` wins. Names are unique (checked below); they
// are the config names (FrameDecoderConfig::disabled_decoders), the counter block names and
// Observation::source.

#include "registry.h"

#include <array>
#include <cstddef>
#include <span>
#include <string_view>

#include "daicho/collectors/frame_decoder.h"
#include "proto/arp/arp.h"
#include "proto/ndp/ndp.h"

namespace daicho::collectors {
namespace registry {
namespace {

constexpr std::array kRows{
    DecoderRow{arp::kName, on_ethertype(0x0806), &arp::decode, nullptr},  // RFC 826
    DecoderRow{ndp::kName, on_ip_proto(58), &ndp::decode, nullptr},       // RFC 4861 (ICMPv6)
};

constexpr bool names_unique() noexcept {
    for (std::size_t i = 0; i < kRows.size(); ++i) {
        for (std::size_t j = i + 1; j < kRows.size(); ++j) {
            if (kRows.at(i).name == kRows.at(j).name) {
                return false;
            }
        }
    }
    return true;
}
static_assert(names_unique(), "registry names must be unique");

constexpr auto kNames = [] {
    std::array<std::string_view, kRows.size()> names{};
    for (std::size_t i = 0; i < kRows.size(); ++i) {
        names.at(i) = kRows.at(i).name;
    }
    return names;
}();

}  // namespace

std::span<const DecoderRow> rows() noexcept { return kRows; }

}  // namespace registry

std::span<const std::string_view> decoder_names() noexcept { return registry::kNames; }

}  // namespace daicho::collectors
