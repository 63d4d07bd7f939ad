#pragma once
// The IKE Vendor-ID table, built at compile time from collectors/data/ike_vendor_ids.tsv
// (see that file for the columns and sources): MD5 rows are hashed here (proto/common/md5.h),
// hex rows decoded. A row the build cannot read stops the build.

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

#include "collectors_data.h"
#include "proto/common/md5.h"
#include "proto/common/tsv.h"

namespace daicho::collectors::ike {

inline constexpr std::size_t kMaxVendorIdBytes = 20;

struct VendorId {
    std::array<std::uint8_t, kMaxVendorIdBytes> bytes{};
    std::size_t size = 0;  // bytes that must match
    bool prefix = false;   // the payload may go on past them
    std::string_view product;
    std::string_view version;
};

namespace detail {

constexpr VendorId parse_row(const tsv::Row& row) {
    VendorId v;
    const std::string_view how = row.at(0);
    const std::string_view value = row.at(1);
    if (how == "md5") {
        const auto digest = md5::of(value);
        std::copy(digest.begin(), digest.end(), v.bytes.begin());
        v.size = digest.size();
    } else if (how == "hex") {
        if (value.size() % 2 != 0 || value.size() / 2 > kMaxVendorIdBytes) {
            throw std::logic_error("ike_vendor_ids.tsv: bad hex value");
        }
        for (std::size_t i = 0; i < value.size() / 2; ++i) {
            const std::uint8_t hi = tsv::hex_digit(value[2 * i]);
            const std::uint8_t lo = tsv::hex_digit(value[2 * i + 1]);
            if (hi > 15 || lo > 15) {
                throw std::logic_error("ike_vendor_ids.tsv: bad hex digit");
            }
            v.bytes.at(i) = static_cast<std::uint8_t>((hi << 4U) | lo);
        }
        v.size = value.size() / 2;
    } else {
        throw std::logic_error("ike_vendor_ids.tsv: 'how' must be md5 or hex");
    }
    const std::string_view match = row.at(2);
    if (match.substr(0, 7) == "prefix:") {
        const std::size_t n = tsv::to_size(match.substr(7), 0);
        if (n == 0 || n > v.size) {
            throw std::logic_error("ike_vendor_ids.tsv: bad prefix length");
        }
        v.size = n;
        v.prefix = true;
    } else if (match != "full") {
        throw std::logic_error("ike_vendor_ids.tsv: match must be full or prefix:N");
    }
    v.product = row.at(3);
    v.version = row.at(4);
    if (v.product.empty() || row.at(5).empty()) {
        throw std::logic_error("ike_vendor_ids.tsv: every row names a product and a source");
    }
    return v;
}

}  // namespace detail

inline constexpr auto kVendorIds = tsv::parse_table<tsv::count_rows(data::k_ike_vendor_ids)>(
    data::k_ike_vendor_ids, detail::parse_row);

}  // namespace daicho::collectors::ike
