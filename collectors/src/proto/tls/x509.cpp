// X.509 certificate Names: a bounded DER walker that reads a certificate's issuer and subject
// and formats their common attributes.
// Refs: RFC 5280 §4.1 (Certificate ::= SEQUENCE { tbsCertificate, ... }; TBSCertificate ::=
//   SEQUENCE { version [0] EXPLICIT DEFAULT v1, serialNumber, signature, issuer, validity,
//   subject, ... }), §4.1.2.4 (Name ::= SEQUENCE OF RelativeDistinguishedName ::= SET OF
//   AttributeTypeAndValue ::= SEQUENCE { type OID, value ANY }), Appendix A.1 (id-at-*
//   2.5.4.3 CN, .6 C, .7 L, .8 ST, .10 O, .11 OU); ITU-T X.690 §8.1.2-8.1.3 and §10.1 (DER:
//   identifier octets; definite lengths only); RFC 4514 §2.4 (escaping ',' in values).
// Facts: none of its own; certificate.cpp emits the text.
// Ignored: validity, public key, extensions (SAN: a later issue), signature; high tag numbers
//   and indefinite lengths (not DER: `unsupported` / `malformed`); BMPString and
//   UniversalString values (skipped).
// The walk's nesting is fixed (certificate, tbs, Name, RDN, attribute, value: depth 6 <=
// kMaxDepth); no recursion follows the input.

#include "proto/tls/x509.h"

#include <array>
#include <cstdint>
#include <optional>

namespace daicho::collectors::tls::x509 {
namespace {

constexpr std::uint8_t kSequence = 0x30;
constexpr std::uint8_t kSet = 0x31;
constexpr std::uint8_t kInteger = 0x02;
constexpr std::uint8_t kOid = 0x06;
constexpr std::uint8_t kVersionTag = 0xA0;  // [0] EXPLICIT, constructed
constexpr std::size_t kWalkDepth = 6;
static_assert(kWalkDepth <= kMaxDepth, "the fixed walk stays within the named depth limit");

struct Tlv {
    std::uint8_t tag = 0;
    ByteReader body;
};

// One TLV. With allow_partial, a body cut by the capture is returned as far as it goes.
DecodeResult read_tlv(ByteReader& in, Tlv& t, bool allow_partial = false) noexcept {
    const auto tag = in.u8();
    const auto first = in.u8();
    if (!tag || !first) {
        return in.shortfall();
    }
    if ((*tag & 0x1FU) == 0x1FU) {
        return DecodeResult::unsupported;  // high tag number form: not in certificates' Names
    }
    std::size_t len = *first;
    if (*first == 0x80) {
        return DecodeResult::malformed;  // indefinite length: not DER (X.690 §10.1)
    }
    if (*first > 0x80) {
        const std::size_t n = *first & 0x7FU;
        if (n > 4) {
            return DecodeResult::malformed;
        }
        len = 0;
        for (std::size_t i = 0; i < n; ++i) {
            const auto b = in.u8();
            if (!b) {
                return in.shortfall();
            }
            len = (len << 8U) | *b;
        }
    }
    t.tag = *tag;
    if (auto body = in.take(len)) {
        t.body = *body;
        return DecodeResult::decoded;
    }
    if (allow_partial && in.capture_cut()) {
        t.body = in.take_rest();
        return DecodeResult::decoded;
    }
    return in.shortfall();
}

DecodeResult expect(ByteReader& in, std::uint8_t tag, Tlv& t, bool allow_partial = false) noexcept {
    const DecodeResult r = read_tlv(in, t, allow_partial);
    if (r != DecodeResult::decoded) {
        return r;
    }
    return t.tag == tag ? DecodeResult::decoded : DecodeResult::malformed;
}

constexpr std::uint8_t kAttrCommonName = 3;     // id-at-commonName 2.5.4.3
constexpr std::uint8_t kAttrOrganization = 10;  // id-at-organizationName 2.5.4.10
constexpr std::uint8_t kAttrOrganizationalUnit = 11;  // id-at-organizationalUnitName 2.5.4.11

struct AttrName {
    std::uint8_t oid_last;  // 2.5.4.<n>, DER 55 04 <n>
    std::string_view label;
};
// The output order.
constexpr std::array<AttrName, 6> kAttrs{{
    {3, "CN"}, {10, "O"}, {11, "OU"}, {6, "C"}, {7, "L"}, {8, "ST"},
}};

struct Attr {
    std::uint8_t oid_last = 0;
    std::string_view value;
};

struct Name {
    std::array<Attr, 64> attrs{};
    std::size_t size = 0;
};

bool is_text_string(std::uint8_t tag) noexcept {
    // UTF8String, PrintableString, T61String, IA5String, VisibleString (X.680 §8.6).
    return tag == 0x0C || tag == 0x13 || tag == 0x14 || tag == 0x16 || tag == 0x1A;
}

DecodeResult read_name(ByteReader name, Name& out) noexcept {
    for (std::size_t rdns = 0; !name.empty(); ++rdns) {
        if (rdns >= kMaxRdns) {
            return DecodeResult::limited;
        }
        Tlv rdn;
        if (const auto r = expect(name, kSet, rdn); r != DecodeResult::decoded) {
            return r;
        }
        for (std::size_t n = 0; !rdn.body.empty(); ++n) {
            if (n >= kMaxAttributesPerRdn) {
                return DecodeResult::limited;
            }
            Tlv atv;
            Tlv oid;
            Tlv value;
            if (const auto r = expect(rdn.body, kSequence, atv); r != DecodeResult::decoded) {
                return r;
            }
            if (const auto r = expect(atv.body, kOid, oid); r != DecodeResult::decoded) {
                return r;
            }
            if (const auto r = read_tlv(atv.body, value); r != DecodeResult::decoded) {
                return r;
            }
            if (oid.body.remaining() != 3 || !oid.body.starts_with("\x55\x04")) {
                continue;  // not an id-at attribute
            }
            const auto last = oid.body.peek_u8(2);
            if (!last || !is_text_string(value.tag) || out.size >= out.attrs.size()) {
                continue;
            }
            out.attrs.at(out.size++) = Attr{*last, value.body.rest_chars()};
        }
    }
    return DecodeResult::decoded;
}

class Writer {
   public:
    explicit Writer(std::span<char> buf) noexcept : buf_(buf) {}
    void put(char c) noexcept {
        if (used_ < buf_.size()) {
            buf_[used_++] = c;
        }
    }
    void append(std::string_view s) noexcept {
        for (const char c : s) {
            put(c);
        }
    }
    void escaped(std::string_view s) noexcept {
        for (const char c : s) {
            if (c == ',' || c == ';' || c == '\\') {
                put('\\');
            }
            put(c);
        }
    }
    [[nodiscard]] std::size_t used() const noexcept { return used_; }

   private:
    std::span<char> buf_;
    std::size_t used_ = 0;
};

void format_name(const Name& name, Writer& w) noexcept {
    bool first = true;
    for (const auto& kind : kAttrs) {
        for (std::size_t i = 0; i < name.size; ++i) {
            const Attr& a = name.attrs.at(i);
            if (a.oid_last != kind.oid_last) {
                continue;
            }
            if (!first) {
                w.put(',');
            }
            first = false;
            w.append(kind.label);
            w.put('=');
            w.escaped(a.value);
        }
    }
}

// The first value of attribute 2.5.4.<oid_last> in `name`, or empty.
std::string_view first_value(const Name& name, std::uint8_t oid_last) noexcept {
    for (std::size_t i = 0; i < name.size; ++i) {
        if (name.attrs.at(i).oid_last == oid_last) {
            return name.attrs.at(i).value;
        }
    }
    return {};
}

}  // namespace

DecodeResult describe_certificate(ByteReader cert, std::span<char> out, std::size_t& used,
                                  SubjectNames* subject_names) noexcept {
    used = 0;
    Tlv certificate;
    Tlv tbs;
    if (const auto r = expect(cert, kSequence, certificate, true); r != DecodeResult::decoded) {
        return r;
    }
    if (const auto r = expect(certificate.body, kSequence, tbs, true);
        r != DecodeResult::decoded) {
        return r;
    }
    Tlv field;
    if (const auto r = read_tlv(tbs.body, field); r != DecodeResult::decoded) {
        return r;
    }
    if (field.tag == kVersionTag) {
        if (const auto r = read_tlv(tbs.body, field); r != DecodeResult::decoded) {
            return r;
        }
    }
    if (field.tag != kInteger) {
        return DecodeResult::malformed;  // serialNumber
    }
    Tlv signature;
    Tlv issuer;
    Tlv validity;
    Tlv subject;
    for (auto* t : {&signature, &issuer, &validity, &subject}) {
        if (const auto r = expect(tbs.body, kSequence, *t); r != DecodeResult::decoded) {
            return r;
        }
    }
    Name subject_name;
    Name issuer_name;
    if (const auto r = read_name(subject.body, subject_name); r != DecodeResult::decoded) {
        return r;
    }
    if (const auto r = read_name(issuer.body, issuer_name); r != DecodeResult::decoded) {
        return r;
    }
    if (subject_names != nullptr) {
        subject_names->common_name = first_value(subject_name, kAttrCommonName);
        subject_names->organization = first_value(subject_name, kAttrOrganization);
        subject_names->organizational_unit = first_value(subject_name, kAttrOrganizationalUnit);
    }
    Writer w(out);
    w.append("subject=");
    format_name(subject_name, w);
    w.append("; issuer=");
    format_name(issuer_name, w);
    used = w.used();
    return DecodeResult::decoded;
}

}  // namespace daicho::collectors::tls::x509
