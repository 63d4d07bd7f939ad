// DNS message wire format, shared by the dns (udp/53), mdns (udp/5353) and llmnr (udp/5355)
// decoders: the header, questions, resource records, compressed names and A/AAAA RDATA.
// Refs: RFC 1035 §4.1.1 (header), §4.1.2 (question), §4.1.3 (RR), §4.1.4 (compression: a
//   pointer names "a prior occurrence", so only backward pointers are followed), §2.3.4
//   (label <= 63, name <= 255 octets), §3.1 (name wire form); RFC 3596 §2.2 (AAAA is 16
//   octets); RFC 6891 §5 (label types 01/10 are extended/reserved, not read); RFC 4343 (case).
// Facts: none; the decoders in dns.cpp decide what a record claims.
// Ignored: EDNS(0) OPT contents, DNSSEC records and any RR type the decoders do not ask for
//   (their RDATA is skipped whole by RDLENGTH, never parsed).

#include "proto/dns/dns_message.h"

#include <array>

namespace daicho::collectors::dns {

DecodeResult read_name(const ByteReader& message, ByteReader& cursor, std::size_t base,
                       NameBuffer& buf, std::string_view& name) noexcept {
    std::size_t text = 0;  // bytes written to buf
    std::size_t wire = 1;  // octets of the uncompressed name, counting the final root label
    std::size_t hops = 0;
    bool jumped = false;
    ByteReader at = cursor;
    std::size_t at_base = base;
    for (;;) {
        const std::size_t here = at_base + at.offset();
        const auto lead = at.u8();
        if (!lead) {
            return at.shortfall();
        }
        if ((*lead & 0xC0U) == 0xC0U) {  // RFC 1035 §4.1.4 pointer
            const auto low = at.u8();
            if (!low) {
                return at.shortfall();
            }
            const std::size_t target = (static_cast<std::size_t>(*lead & 0x3FU) << 8U) | *low;
            if (target >= here) {
                return DecodeResult::malformed;  // not a prior occurrence: a loop or forward jump
            }
            if (hops >= kMaxPointerHops) {
                return DecodeResult::limited;
            }
            ++hops;
            if (!jumped) {
                cursor = at;  // the name ends, on the wire, after its first pointer
                jumped = true;
            }
            ByteReader next = message;
            if (!next.skip(target)) {
                return DecodeResult::malformed;  // unreachable: target < here <= size
            }
            at = next;
            at_base = 0;
            continue;
        }
        if ((*lead & 0xC0U) != 0) {
            return DecodeResult::malformed;  // RFC 6891 §5: extended/reserved label types
        }
        if (*lead == 0) {
            if (!jumped) {
                cursor = at;
            }
            break;
        }
        wire += 1U + *lead;
        if (wire > kMaxNameBytes) {
            return DecodeResult::malformed;  // RFC 1035 §2.3.4: names are <= 255 octets
        }
        const auto label = at.chars(*lead);
        if (!label) {
            return at.shortfall();
        }
        // wire <= 255 keeps text < buf.size(): text = labels + dots = wire - 2 at most.
        if (text != 0) {
            buf.at(text++) = '.';
        }
        text += label->copy(buf.data() + text, label->size());
    }
    name = std::string_view(buf.data(), text);
    return DecodeResult::decoded;
}

DecodeResult MessageReader::read_header(Header& h) noexcept {
    auto hdr = cursor_.take(12);
    if (!hdr) {
        return cursor_.shortfall();
    }
    const auto id = hdr->be16();
    const auto flags = hdr->be16();
    const auto qd = hdr->be16();
    const auto an = hdr->be16();
    const auto ns = hdr->be16();
    const auto ar = hdr->be16();
    if (!id || !flags || !qd || !an || !ns || !ar) {
        return DecodeResult::malformed;  // unreachable: the sub-reader holds 12 bytes
    }
    h = Header{*id, *flags, *qd, *an, *ns, *ar};
    return DecodeResult::decoded;
}

DecodeResult MessageReader::read_question(NameBuffer& buf, Question& q) noexcept {
    std::string_view qname;
    const DecodeResult r = read_name(message_, cursor_, 0, buf, qname);
    if (r != DecodeResult::decoded) {
        return r;
    }
    auto fixed = cursor_.take(4);
    if (!fixed) {
        return cursor_.shortfall();
    }
    const auto qtype = fixed->be16();
    const auto qclass = fixed->be16();
    if (!qtype || !qclass) {
        return DecodeResult::malformed;  // unreachable
    }
    q = Question{qname, *qtype, *qclass};
    return DecodeResult::decoded;
}

DecodeResult MessageReader::read_record(NameBuffer& buf, Record& r) noexcept {
    std::string_view owner;
    const DecodeResult named = read_name(message_, cursor_, 0, buf, owner);
    if (named != DecodeResult::decoded) {
        return named;
    }
    auto fixed = cursor_.take(10);
    if (!fixed) {
        return cursor_.shortfall();
    }
    const auto type = fixed->be16();
    const auto rclass = fixed->be16();
    const auto ttl = fixed->be32();
    const auto rdlength = fixed->be16();
    if (!type || !rclass || !ttl || !rdlength) {
        return DecodeResult::malformed;  // unreachable
    }
    const std::size_t at = cursor_.offset();
    auto rdata = cursor_.take(*rdlength);
    if (!rdata) {
        return cursor_.shortfall();  // RDLENGTH past the end
    }
    r.owner = owner;
    r.type = *type;
    r.rclass = *rclass;
    r.ttl = *ttl;
    r.rdata = *rdata;
    r.rdata_at = at;
    return DecodeResult::decoded;
}

DecodeResult MessageReader::rdata_name(const Record& r, std::size_t skip, NameBuffer& buf,
                                       std::string_view& name) const noexcept {
    ByteReader rdata = r.rdata;
    if (!rdata.skip(skip)) {
        return DecodeResult::malformed;  // RDLENGTH too short for the fixed fields
    }
    return read_name(message_, rdata, r.rdata_at, buf, name);
}

std::optional<IpAddress> rdata_address(const Record& r) noexcept {
    ByteReader rdata = r.rdata;
    if (r.type == kTypeA && rdata.size() == 4) {
        if (const auto v = rdata.be32()) {
            return IpAddress::v4(*v);
        }
    }
    if (r.type == kTypeAaaa && rdata.size() == 16) {  // RFC 3596 §2.2
        if (const auto v = rdata.array<16>()) {
            return IpAddress::v6(*v);
        }
    }
    return std::nullopt;
}

namespace {
constexpr char lower(char c) noexcept {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// The next label of `name` (up to a dot), removed from it; nullopt at the end.
std::optional<std::string_view> next_label(std::string_view& name) noexcept {
    if (name.empty()) {
        return std::nullopt;
    }
    const std::size_t dot = name.find('.');
    const std::string_view label = name.substr(0, dot);
    name = dot == std::string_view::npos ? std::string_view() : name.substr(dot + 1);
    return label;
}

std::optional<std::uint8_t> nibble(std::string_view label) noexcept {
    if (label.size() != 1) {
        return std::nullopt;
    }
    const char c = lower(label.front());
    if (c >= '0' && c <= '9') {
        return static_cast<std::uint8_t>(c - '0');
    }
    if (c >= 'a' && c <= 'f') {
        return static_cast<std::uint8_t>(c - 'a' + 10);
    }
    return std::nullopt;
}

std::optional<std::uint8_t> decimal_octet(std::string_view label) noexcept {
    if (label.empty() || label.size() > 3 || (label.size() > 1 && label.front() == '0')) {
        return std::nullopt;  // no leading zeros: "01" is not how an octet is written
    }
    unsigned v = 0;
    for (const char c : label) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        v = v * 10 + static_cast<unsigned>(c - '0');
    }
    return v <= 255 ? std::optional<std::uint8_t>(static_cast<std::uint8_t>(v)) : std::nullopt;
}
}  // namespace

std::optional<IpAddress> reverse_address(std::string_view name) noexcept {
    constexpr std::string_view kV4 = ".in-addr.arpa";
    constexpr std::string_view kV6 = ".ip6.arpa";
    if (iends_with(name, kV4)) {
        name.remove_suffix(kV4.size());
        std::array<std::uint8_t, 4> octets{};
        for (std::size_t i = 0; i < octets.size(); ++i) {
            const auto label = next_label(name);
            const auto octet = label ? decimal_octet(*label) : std::nullopt;
            if (!octet) {
                return std::nullopt;
            }
            octets.at(octets.size() - 1 - i) = *octet;  // least significant label first
        }
        if (!name.empty()) {
            return std::nullopt;
        }
        return IpAddress::v4((std::uint32_t{octets[0]} << 24U) | (std::uint32_t{octets[1]} << 16U) |
                             (std::uint32_t{octets[2]} << 8U) | octets[3]);
    }
    if (iends_with(name, kV6)) {
        name.remove_suffix(kV6.size());
        std::array<std::uint8_t, 16> octets{};
        for (std::size_t i = 0; i < 32; ++i) {
            const auto label = next_label(name);
            const auto v = label ? nibble(*label) : std::nullopt;
            if (!v) {
                return std::nullopt;
            }
            // Label i is nibble 31 - i of the address, low nibble of its octet first.
            const std::size_t at = 15 - i / 2;
            octets.at(at) = static_cast<std::uint8_t>(octets.at(at) | (i % 2 == 0 ? *v : *v << 4U));
        }
        if (!name.empty()) {
            return std::nullopt;
        }
        return IpAddress::v6(octets);
    }
    return std::nullopt;
}

bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (lower(a[i]) != lower(b[i])) {
            return false;
        }
    }
    return true;
}

bool iends_with(std::string_view s, std::string_view suffix) noexcept {
    return s.size() >= suffix.size() && iequals(s.substr(s.size() - suffix.size()), suffix);
}

}  // namespace daicho::collectors::dns
