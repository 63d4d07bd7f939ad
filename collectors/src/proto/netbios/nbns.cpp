// NetBIOS name service (udp/137): name queries, registrations, refreshes, positive name
// query responses and node status (NBSTAT) responses, over the DNS message reader.
// Refs: RFC 1002 §4.2.1.1 (header: R, OPCODE, NM_FLAGS incl. B, RCODE), §4.2.1.2 (question;
//   NB 0x0020, NBSTAT 0x0021), §4.2.1.3 (RR), §4.2.2 (registration: the name in the
//   additional RR), §4.2.4 (refresh), §4.2.13 (positive response: NB_FLAGS G bit and
//   NB_ADDRESS pairs), §4.2.18 (node status response: NUM_NAMES, NODE_NAME entries);
//   RFC 1001 §14.1 (first-level encoding, the 16th byte is the suffix).
// Facts: query -> dns_query "NAME<xx>" (suffix in hex) about the sender. Registration,
//   refresh and positive response, for a NB_ADDRESS equal to the sender's IP, and every
//   NBSTAT table entry: unique name with suffix 00/20 -> hostname; group name with suffix
//   00/1e -> workgroup (trailing spaces trimmed). Responses from udp/137 -> service "udp/137".
// Ignored: releases and WACKs (a name being given up or held is no new claim), addresses
//   that are not the sender's (a WINS server answering for others), the NBSTAT statistics
//   (unit id, counters: cost, and the MAC is already known from the frame), NetBIOS scopes.

#include <array>

#include "proto/common/emitter.h"
#include "proto/dns/dns_message.h"
#include "proto/netbios/netbios.h"

namespace daicho::collectors::netbios {
namespace {

using dns::Header;
using dns::MessageReader;
using dns::NameBuffer;

// RFC 1002 §4.2.1.1 OPCODE values.
constexpr std::uint8_t kOpQuery = 0;
constexpr std::uint8_t kOpRegistration = 5;
constexpr std::uint8_t kOpRelease = 6;
constexpr std::uint8_t kOpWack = 7;
constexpr std::uint8_t kOpRefresh = 8;
constexpr std::uint8_t kOpRefreshAlt = 9;  // RFC 1002 §4.2.1.1 footnote: 0x9 also refresh
constexpr std::uint8_t kOpMultiHomed = 15;
constexpr std::uint16_t kTypeNb = 0x0020;
constexpr std::uint16_t kTypeNbstat = 0x0021;
constexpr std::uint16_t kGroupBit = 0x8000;  // NB_FLAGS / NAME_FLAGS G

// What owning `name` says about the sender (suffixes: MS-NBTE / RFC 1001 usage).
void claim(const NetbiosName& name, bool group, const PacketContext& ctx,
           ObservationSink& out) noexcept {
    const Emitter emit(ctx, out, kNameNbns);
    if (!group && (name.suffix == 0x00 || name.suffix == 0x20)) {
        emit.copy(FactKind::hostname, name.name());
    } else if (group && (name.suffix == 0x00 || name.suffix == 0x1e)) {
        emit.copy(FactKind::workgroup, name.name());
    }
}

constexpr char hex_digit(unsigned v) noexcept { return "0123456789abcdef"[v & 0x0FU]; }

// "NAME<xx>": the name and its suffix as Wireshark prints them.
void emit_query(const NetbiosName& name, const PacketContext& ctx, ObservationSink& out) noexcept {
    const Emitter emit(ctx, out, kNameNbns);
    std::array<char, 20> text{};
    std::size_t n = name.name().copy(text.data(), 15);
    text.at(n++) = '<';
    text.at(n++) = hex_digit(name.suffix >> 4U);
    text.at(n++) = hex_digit(name.suffix);
    text.at(n++) = '>';
    emit.copy(FactKind::dns_query, std::string_view(text.data(), n));
}

// RFC 1002 §4.2.13: NB_FLAGS(2) NB_ADDRESS(4) pairs; claims the ones that are the sender's.
DecodeResult read_nb(const dns::Record& r, const NetbiosName& name, const PacketContext& ctx,
                     ObservationSink& out) noexcept {
    ByteReader rdata = r.rdata;
    std::size_t seen = 0;
    while (!rdata.empty()) {
        if (seen >= kMaxNbAddresses) {
            return DecodeResult::limited;
        }
        ++seen;
        const auto flags = rdata.be16();
        const auto address = rdata.be32();
        if (!flags || !address) {
            return DecodeResult::malformed;  // RDLENGTH not a multiple of 6
        }
        if (IpAddress::v4(*address) == ctx.src_ip) {
            claim(name, (*flags & kGroupBit) != 0, ctx, out);
        }
    }
    return DecodeResult::decoded;
}

// RFC 1002 §4.2.18: NUM_NAMES, then NETBIOS_NAME(16) NAME_FLAGS(2) per entry.
DecodeResult read_nbstat(const dns::Record& r, const PacketContext& ctx,
                         ObservationSink& out) noexcept {
    ByteReader rdata = r.rdata;
    const auto count = rdata.u8();
    if (!count) {
        return DecodeResult::malformed;
    }
    for (std::size_t i = 0; i < *count; ++i) {
        if (i >= kMaxNbstatNames) {
            return DecodeResult::limited;
        }
        const auto raw = rdata.chars(16);
        const auto flags = rdata.be16();
        if (!raw || !flags) {
            return DecodeResult::malformed;  // NUM_NAMES past RDLENGTH
        }
        claim(from_raw(*raw), (*flags & kGroupBit) != 0, ctx, out);
    }
    return DecodeResult::decoded;
}

}  // namespace

NetbiosName from_raw(std::string_view raw16) noexcept {
    NetbiosName n;
    const std::size_t copied = raw16.substr(0, 16).copy(n.bytes.data(), 16);
    n.suffix = copied == 16 ? static_cast<std::uint8_t>(n.bytes.at(15)) : 0;
    std::size_t len = copied < 15 ? copied : 15;
    while (len > 0 && (n.bytes.at(len - 1) == ' ' || n.bytes.at(len - 1) == '\0')) {
        --len;
    }
    n.length = len;
    return n;
}

std::optional<NetbiosName> from_encoded(std::string_view dotted) noexcept {
    if (dotted.size() < 32 || (dotted.size() > 32 && dotted[32] != '.')) {
        return std::nullopt;  // RFC 1001 §14.1: the first label is 32 characters
    }
    std::array<char, 16> raw{};
    for (std::size_t i = 0; i < 16; ++i) {
        const char hi = dotted[2 * i];
        const char lo = dotted[2 * i + 1];
        if (hi < 'A' || hi > 'P' || lo < 'A' || lo > 'P') {
            return std::nullopt;  // each half-byte is 'A' + nibble
        }
        raw.at(i) = static_cast<char>(((hi - 'A') << 4) | (lo - 'A'));
    }
    return from_raw(std::string_view(raw.data(), raw.size()));
}

DecodeResult decode_nbns(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept {
    const Emitter emit(ctx, out, kNameNbns);
    MessageReader msg(in);
    Header h;
    const DecodeResult opened = msg.read_header(h);
    if (opened != DecodeResult::decoded) {
        return opened;
    }
    const std::uint8_t op = h.opcode();
    const bool claims =
        op == kOpRegistration || op == kOpRefresh || op == kOpRefreshAlt || op == kOpMultiHomed;
    if (!claims && op != kOpQuery && op != kOpRelease && op != kOpWack) {
        return DecodeResult::malformed;  // RFC 1002 §4.2.1.1: no other OPCODE is defined
    }
    if (h.qr() && ctx.src_port == 137) {
        emit(FactKind::service, "udp/137");
    }
    NameBuffer buf{};
    for (std::uint16_t i = 0; i < h.qdcount; ++i) {
        if (i >= dns::kMaxQuestions) {
            return DecodeResult::limited;
        }
        dns::Question q;
        const DecodeResult r = msg.read_question(buf, q);
        if (r != DecodeResult::decoded) {
            return r;
        }
        const auto name = from_encoded(q.qname);
        if (!name) {
            return DecodeResult::malformed;  // RFC 1002 §4.1: names are first-level encoded
        }
        if (!h.qr() && op == kOpQuery) {
            emit_query(*name, ctx, out);
        }
    }
    // A request (R = 0) claims only by registering or refreshing; a response only when it
    // is a positive query answer (RCODE 0).
    const bool reads_records = h.qr() ? (op == kOpQuery && h.rcode() == 0) : claims;
    if (!reads_records) {
        return DecodeResult::decoded;
    }
    const std::uint32_t total = static_cast<std::uint32_t>(h.ancount) + h.nscount + h.arcount;
    DecodeResult result = DecodeResult::decoded;
    for (std::uint32_t i = 0; i < total; ++i) {
        if (i >= dns::kMaxRecords) {
            return DecodeResult::limited;
        }
        dns::Record rec;
        const DecodeResult r = msg.read_record(buf, rec);
        if (r != DecodeResult::decoded) {
            return r;
        }
        const auto name = from_encoded(rec.owner);
        if (!name) {
            return DecodeResult::malformed;
        }
        DecodeResult read = DecodeResult::decoded;
        if (rec.type == kTypeNb) {
            read = read_nb(rec, *name, ctx, out);
        } else if (rec.type == kTypeNbstat && h.qr()) {
            read = read_nbstat(rec, ctx, out);
        }
        if (read == DecodeResult::malformed) {
            return read;
        }
        if (read == DecodeResult::limited) {
            result = read;
        }
    }
    return result;
}

}  // namespace daicho::collectors::netbios
