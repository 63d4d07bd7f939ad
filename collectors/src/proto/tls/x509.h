#pragma once
// A small bounded DER walker for the two Names of an X.509 certificate (x509.cpp).

#include <cstddef>
#include <span>
#include <string_view>

#include "daicho/collectors/byte_reader.h"

namespace daicho::collectors::tls::x509 {

// Named limits: nesting followed into the certificate, and RDNs / attributes read per Name.
inline constexpr std::size_t kMaxDepth = 8;
inline constexpr std::size_t kMaxRdns = 32;
inline constexpr std::size_t kMaxAttributesPerRdn = 8;

// The subject's first CN, O and OU as sent (views into the certificate bytes; empty when
// absent).
struct SubjectNames {
    std::string_view common_name;
    std::string_view organization;
    std::string_view organizational_unit;
};

// Formats "subject=CN=a,O=b; issuer=CN=c" for the DER certificate in `cert` into `out`
// (at most out.size() bytes; longer text is cut) and returns the used length; fills `subject`
// when given. `cert` may be cut after the subject. Returns decoded, or why it could not.
DecodeResult describe_certificate(ByteReader cert, std::span<char> out, std::size_t& used,
                                  SubjectNames* subject = nullptr) noexcept;

}  // namespace daicho::collectors::tls::x509
