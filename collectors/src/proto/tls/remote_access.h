#pragma once
// SSL-VPN portals and remote-control tools recognised in the clear-text TLS handshake, from
// collectors/data/remote_access_products.tsv (columns and sources there), parsed at compile
// time. certificate.cpp matches the server's subject, client_hello.cpp the SNI and ALPN.

#include <array>
#include <cstddef>
#include <stdexcept>
#include <string_view>

#include "collectors_data.h"
#include "daicho/collectors/observation.h"
#include "proto/common/tsv.h"

namespace daicho::collectors::tls {

enum class AccessField : std::uint8_t { cert_cn, cert_o, cert_ou, sni, alpn };
enum class AccessMatch : std::uint8_t { equals, prefix, suffix };

struct AccessRule {
    AccessField field = AccessField::sni;
    AccessMatch match = AccessMatch::equals;
    std::string_view pattern;
    ServiceClass service_class = ServiceClass::none;
    std::string_view product;
};

namespace detail {

constexpr AccessRule parse_access_rule(const tsv::Row& row) {
    AccessRule r;
    const std::string_view field = row.at(0);
    if (field == "cert-cn") {
        r.field = AccessField::cert_cn;
    } else if (field == "cert-o") {
        r.field = AccessField::cert_o;
    } else if (field == "cert-ou") {
        r.field = AccessField::cert_ou;
    } else if (field == "sni") {
        r.field = AccessField::sni;
    } else if (field == "alpn") {
        r.field = AccessField::alpn;
    } else {
        throw std::logic_error("remote_access_products.tsv: unknown field");
    }
    const std::string_view match = row.at(1);
    if (match == "equals") {
        r.match = AccessMatch::equals;
    } else if (match == "prefix") {
        r.match = AccessMatch::prefix;
    } else if (match == "suffix") {
        r.match = AccessMatch::suffix;
    } else {
        throw std::logic_error("remote_access_products.tsv: match must be equals/prefix/suffix");
    }
    r.pattern = row.at(2);
    const std::string_view cls = row.at(3);
    if (cls == "ssl-vpn") {
        r.service_class = ServiceClass::ssl_vpn;
    } else if (cls == "remote-control") {
        r.service_class = ServiceClass::remote_control;
    } else {
        throw std::logic_error("remote_access_products.tsv: class must be ssl-vpn or remote-control");
    }
    r.product = row.at(4);
    if (r.pattern.empty() || r.product.empty() || row.at(5).empty()) {
        throw std::logic_error("remote_access_products.tsv: pattern, product and source required");
    }
    return r;
}

}  // namespace detail

inline constexpr auto kAccessRules =
    tsv::parse_table<tsv::count_rows(data::k_remote_access_products)>(
        data::k_remote_access_products, detail::parse_access_rule);

// The first rule of `field` that `value` matches (SNI case-insensitively), or nullptr.
[[nodiscard]] const AccessRule* match_access(AccessField field, std::string_view value) noexcept;

// States the recognition of a matched rule; for AnyDesk's ALPN "anydesk/<version>/<os>" the
// version too (copied into the sink's scratch).
void recognise_access(const AccessRule& rule, std::string_view value, ObservationSink& out) noexcept;

}  // namespace daicho::collectors::tls
