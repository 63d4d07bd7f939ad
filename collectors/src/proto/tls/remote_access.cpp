// Matching the remote-access rules of remote_access.h against certificate names, SNI and ALPN.
// Refs: RFC 6066 §3 (host names compare case-insensitively), RFC 7301 §3.1 (ALPN protocol
//   names are opaque bytes: AnyDesk's "anydesk/<version>/<os>" is read as text only when
//   printable).

#include "proto/tls/remote_access.h"

#include "proto/common/text.h"

namespace daicho::collectors::tls {
namespace {

char lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

bool same(std::string_view a, std::string_view b, bool fold) noexcept {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if ((fold ? lower(a[i]) : a[i]) != (fold ? lower(b[i]) : b[i])) {
            return false;
        }
    }
    return true;
}

bool matches(const AccessRule& r, std::string_view value) noexcept {
    const bool fold = r.field == AccessField::sni;
    if (value.size() < r.pattern.size()) {
        return false;
    }
    switch (r.match) {
        case AccessMatch::equals:
            return same(value, r.pattern, fold);
        case AccessMatch::prefix:
            return same(value.substr(0, r.pattern.size()), r.pattern, fold);
        case AccessMatch::suffix:
            return same(value.substr(value.size() - r.pattern.size()), r.pattern, fold);
    }
    return false;
}

}  // namespace

const AccessRule* match_access(AccessField field, std::string_view value) noexcept {
    if (value.empty()) {
        return nullptr;
    }
    for (const auto& r : kAccessRules) {
        if (r.field == field && matches(r, value)) {
            return &r;
        }
    }
    return nullptr;
}

void recognise_access(const AccessRule& rule, std::string_view value,
                      ObservationSink& out) noexcept {
    Recognition seen{rule.service_class, "tls", rule.product, {}};
    if (rule.field == AccessField::alpn && rule.match == AccessMatch::prefix) {
        // "anydesk/<version>/<os>": the version runs to the next '/'.
        // Copied: the handshake bytes live in the tls decoder's stack buffer.
        const std::string_view rest = text::printable_field(value.substr(rule.pattern.size()));
        seen.version = out.store(rest.substr(0, rest.find('/'))).value_or(std::string_view{});
    }
    out.recognise(seen);
}

}  // namespace daicho::collectors::tls
