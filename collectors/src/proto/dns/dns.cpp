// Unicast DNS (udp/53), Multicast DNS with DNS-SD (udp/5353) and LLMNR (udp/5355): what a
// query asks for and what an answer or announcement claims, over the one message reader of
// dns_message.cpp.
// Refs: RFC 1035 §4.1 (message), §4.1.1 (QR, OPCODE, RCODE); RFC 6762 §18.3 (mDNS OPCODE must
//   be 0), §18.12 (QU bit in QCLASS), §8.1 (probes carry the proposed records in the
//   authority section), §3 (".local"); RFC 6763 §4.1 (instance names), §6 (TXT key=value),
//   §6.4 (keys are case-insensitive), §9 (_services._dns-sd._udp); RFC 2782 (SRV);
//   RFC 4795 §2.1.1 (LLMNR header, OPCODE 0).
// Facts: dns: query -> dns_query (qname) about the sender; response from port 53 -> role
//   "dns-server" + service "udp/53" about the sender, and per A/AAAA answer a dns_answer
//   (value = owner name) whose subject is the answered address (no MAC); per PTR answer to a
//   reverse-mapping name (RFC 1035 §3.5, RFC 3596 §2.5) a hostname (the target) about the
//   address the owner reverses (no MAC); a CHAOS TXT answer for version.bind/version.server
//   -> software about the sender (the server's own claim, "dnsmasq-2.89").
//   mdns: query -> dns_query per question; response, announcement or probe (authority
//   section) -> hostname (the owner as announced, ".local" kept) for A/AAAA equal to the
//   sender's IP,
//   service_instance for PTR targets (types and instances) and SRV owners, txt_record
//   "key=value" for identity keys (kTxtKeys); responses from 5353 -> service "udp/5353".
//   llmnr: query -> dns_query; response -> service "udp/5355", reverse PTRs as for dns, per
//   A/AAAA answer a dns_answer about the address, plus hostname when the address is the
//   responder's own.
// Ignored: known-answer records in mDNS queries (other hosts' records), reverse-mapping PTRs
//   in mDNS (*.arpa: the host's own A/AAAA says the same), CNAME targets, the authority and
//   additional sections of unicast DNS responses (cost; not claims about the sender), TXT keys
//   outside kTxtKeys (privacy: they carry device ids, user names and pairing data), answers with
//   RCODE != 0.

#include "proto/dns/dns.h"

#include <array>
#include <cstdint>

#include "proto/common/emitter.h"
#include "proto/dns/dns_message.h"

namespace daicho::collectors::dns {
namespace {

constexpr std::uint8_t kOpcodeQuery = 0;  // RFC 1035 §4.1.1
constexpr std::uint16_t kClassChaos = 3;  // RFC 1035 §3.2.4 CH

// DNS-SD TXT keys that describe the device (RFC 6763 §6; Bonjour Printing 1.2 §9 for ty,
// product, usb_MFG, usb_MDL; Apple device-info for model, osxvers, rpMd; am = AirPlay model).
constexpr std::array<std::string_view, 13> kTxtKeys{
    "model", "ty",  "product",      "md",   "osxvers", "usb_MFG",  "usb_MDL",
    "fn",    "mfg", "manufacturer", "rpMd", "am",      "usb_MODEL"};

std::string_view server_port(std::uint16_t port) noexcept {
    switch (port) {
        case 53:
            return "udp/53";
        case 5353:
            return "udp/5353";
        case 5355:
            return "udp/5355";
        default:
            return {};
    }
}

bool is_reverse_name(std::string_view name) noexcept {
    return iends_with(name, ".in-addr.arpa") || iends_with(name, ".ip6.arpa");
}

// RFC 6763 §6.3/§6.4: "key=value"; only identity keys are kept, verbatim (key case as sent).
DecodeResult read_txt(const Record& r, const PacketContext& ctx, ObservationSink& out,
                      std::string_view source) noexcept {
    ByteReader rdata = r.rdata;
    std::size_t seen = 0;
    while (!rdata.empty()) {
        if (seen >= kMaxTxtStrings) {
            return DecodeResult::limited;
        }
        ++seen;
        const auto len = rdata.u8();
        if (!len) {
            return DecodeResult::malformed;  // unreachable: not empty
        }
        const auto text = rdata.chars(*len);
        if (!text) {
            return DecodeResult::malformed;  // RFC 1035 §3.3.14: string past RDLENGTH
        }
        const auto eq = text->find('=');
        if (eq == std::string_view::npos || eq == 0) {
            continue;  // boolean attribute or empty key (RFC 6763 §6.4): no value to keep
        }
        const auto key = text->substr(0, eq);
        for (const auto known : kTxtKeys) {
            if (iequals(key, known)) {
                Emitter(ctx, out, source).about(ctx.sender(), FactKind::txt_record, *text);
                break;
            }
        }
    }
    return DecodeResult::decoded;
}

// What one mDNS record claims about its sender.
DecodeResult mdns_record(const MessageReader& msg, const Record& r, const PacketContext& ctx,
                         ObservationSink& out) noexcept {
    const Subject sender = ctx.sender();
    switch (r.type) {
        case kTypeA:
        case kTypeAaaa: {
            const auto address = rdata_address(r);
            if (address && *address == ctx.src_ip) {
                // The name as announced, ".local" kept (RFC 6762 §3): it says the name is
                // link-local, which a bare label does not; matching names is the ledger's.
                Emitter(ctx, out, kNameMdns).copy_about(sender, FactKind::hostname, r.owner);
            }
            return DecodeResult::decoded;
        }
        case kTypePtr: {
            if (is_reverse_name(r.owner)) {
                return DecodeResult::decoded;
            }
            NameBuffer target_buf{};
            std::string_view target;
            const DecodeResult named = msg.rdata_name(r, 0, target_buf, target);
            if (named != DecodeResult::decoded) {
                return named;
            }
            // Under _services._dns-sd._udp.local (RFC 6763 §9) the target is a service type,
            // else an instance.
            Emitter(ctx, out, kNameMdns).copy_about(sender, FactKind::service_instance, target);
            return DecodeResult::decoded;
        }
        case kTypeSrv:
            if (r.rdata.size() < 7) {
                return DecodeResult::malformed;  // RFC 2782: priority, weight, port, target
            }
            Emitter(ctx, out, kNameMdns).copy_about(sender, FactKind::service_instance, r.owner);
            return DecodeResult::decoded;
        case kTypeTxt:
            return read_txt(r, ctx, out, kNameMdns);
        default:
            return DecodeResult::decoded;
    }
}

// Questions of a query, each as dns_query about the sender.
DecodeResult read_questions(MessageReader& msg, const Header& h, const PacketContext& ctx,
                            ObservationSink& out, std::string_view source,
                            bool emit_queries) noexcept {
    NameBuffer buf{};
    for (std::uint16_t i = 0; i < h.qdcount; ++i) {
        if (i >= kMaxQuestions) {
            return DecodeResult::limited;
        }
        Question q;
        const DecodeResult r = msg.read_question(buf, q);
        if (r != DecodeResult::decoded) {
            return r;
        }
        if (emit_queries) {
            Emitter(ctx, out, source).copy_about(ctx.sender(), FactKind::dns_query, q.qname);
        }
    }
    return DecodeResult::decoded;
}

Section section_of(const Header& h, std::uint32_t i) noexcept {
    if (i < h.ancount) {
        return Section::answer;
    }
    return i < static_cast<std::uint32_t>(h.ancount) + h.nscount ? Section::authority
                                                                 : Section::additional;
}

// The common start: header, then OPCODE 0 only (RFC 1035 §4.1.1, RFC 6762 §18.3,
// RFC 4795 §2.1.1).
DecodeResult open(MessageReader& msg, Header& h) noexcept {
    const DecodeResult r = msg.read_header(h);
    if (r != DecodeResult::decoded) {
        return r;
    }
    return h.opcode() == kOpcodeQuery ? DecodeResult::decoded : DecodeResult::unsupported;
}

// RFC 4892 §2 / BIND's convention: a CHAOS-class TXT answer for version.bind or
// version.server is the answering server's software. The first character-string is the value.
DecodeResult read_server_version(const Record& rec, const PacketContext& ctx, ObservationSink& out,
                                 std::string_view source) noexcept {
    if (rec.rclass != kClassChaos || rec.type != kTypeTxt ||
        !(iequals(rec.owner, "version.bind") || iequals(rec.owner, "version.server"))) {
        return DecodeResult::decoded;
    }
    ByteReader rdata = rec.rdata;
    const auto len = rdata.u8();
    const auto text = len ? rdata.chars(*len) : std::nullopt;
    if (!text) {
        return DecodeResult::malformed;  // RFC 1035 §3.3.14: string past RDLENGTH
    }
    Emitter(ctx, out, source).about(ctx.sender(), FactKind::software, *text);
    return DecodeResult::decoded;
}

// A PTR answer for a reverse-mapping name (RFC 1035 §3.5, RFC 3596 §2.5) names the host at the
// address the question reversed: a hostname fact about that address (no MAC), not about the
// server that answered.
DecodeResult read_reverse_answer(const MessageReader& msg, const Record& rec,
                                 const PacketContext& ctx, ObservationSink& out,
                                 std::string_view source) noexcept {
    if (rec.type != kTypePtr) {
        return DecodeResult::decoded;
    }
    const auto address = reverse_address(rec.owner);
    if (!address) {
        return DecodeResult::decoded;
    }
    NameBuffer target_buf{};
    std::string_view target;
    const DecodeResult named = msg.rdata_name(rec, 0, target_buf, target);
    if (named != DecodeResult::decoded) {
        return named;
    }
    if (!target.empty()) {
        Emitter(ctx, out, source)
            .copy_about(ctx.on_link(MacAddress{}, false, *address), FactKind::hostname, target);
    }
    return DecodeResult::decoded;
}

// Unicast-style answers (dns, llmnr): A/AAAA in the answer section bind a name to an address,
// reverse PTRs name the host at an address, and a CHAOS version.bind TXT names the server's
// software.
DecodeResult read_answers(MessageReader& msg, const Header& h, const PacketContext& ctx,
                          ObservationSink& out, std::string_view source,
                          bool own_address_is_hostname) noexcept {
    NameBuffer buf{};
    for (std::uint16_t i = 0; i < h.ancount; ++i) {
        if (i >= kMaxRecords) {
            return DecodeResult::limited;
        }
        Record rec;
        const DecodeResult r = msg.read_record(buf, rec);
        if (r != DecodeResult::decoded) {
            return r;
        }
        for (const DecodeResult part : {read_server_version(rec, ctx, out, source),
                                        read_reverse_answer(msg, rec, ctx, out, source)}) {
            if (part != DecodeResult::decoded) {
                return part;
            }
        }
        const auto address = rdata_address(rec);
        if (!address || rec.owner.empty()) {
            continue;
        }
        const auto owner = out.store(rec.owner);
        if (!owner) {
            continue;
        }
        Emitter(ctx, out, source)
            .about(ctx.on_link(MacAddress{}, false, *address), FactKind::dns_answer, *owner);
        if (own_address_is_hostname && *address == ctx.src_ip) {
            Emitter(ctx, out, source).about(ctx.sender(), FactKind::hostname, *owner);
        }
    }
    return DecodeResult::decoded;
}

}  // namespace

DecodeResult decode_dns(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept {
    MessageReader msg(in);
    Header h;
    const DecodeResult opened = open(msg, h);
    if (opened != DecodeResult::decoded) {
        return opened;
    }
    if (!h.qr()) {
        return read_questions(msg, h, ctx, out, kNameDns, true);
    }
    if (ctx.src_port == 53) {  // the answer came from a server's port
        Emitter(ctx, out, kNameDns).about(ctx.sender(), FactKind::role, "dns-server");
        Emitter(ctx, out, kNameDns).about(ctx.sender(), FactKind::service, server_port(53));
    }
    const DecodeResult asked = read_questions(msg, h, ctx, out, kNameDns, false);
    if (asked != DecodeResult::decoded || h.rcode() != 0) {
        return asked;
    }
    return read_answers(msg, h, ctx, out, kNameDns, false);
}

DecodeResult decode_mdns(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept {
    MessageReader msg(in);
    Header h;
    const DecodeResult opened = open(msg, h);
    if (opened != DecodeResult::decoded) {
        return opened;
    }
    if (h.qr() && ctx.src_port == 5353) {
        Emitter(ctx, out, kNameMdns).about(ctx.sender(), FactKind::service, server_port(5353));
    }
    const DecodeResult asked = read_questions(msg, h, ctx, out, kNameMdns, !h.qr());
    if (asked != DecodeResult::decoded) {
        return asked;
    }
    // A query's answer section holds known answers from other hosts; only its authority
    // section (a probe, RFC 6762 §8.1) speaks for the sender.
    if (!h.qr() && h.nscount == 0) {
        return DecodeResult::decoded;
    }
    const std::uint32_t total = static_cast<std::uint32_t>(h.ancount) + h.nscount + h.arcount;
    NameBuffer buf{};
    DecodeResult result = DecodeResult::decoded;
    for (std::uint32_t i = 0; i < total; ++i) {
        if (i >= kMaxRecords) {
            return DecodeResult::limited;
        }
        Record rec;
        const DecodeResult r = msg.read_record(buf, rec);
        if (r != DecodeResult::decoded) {
            return r;
        }
        rec.section = section_of(h, i);
        if (!h.qr() && rec.section != Section::authority) {
            continue;
        }
        const DecodeResult claimed = mdns_record(msg, rec, ctx, out);
        if (claimed == DecodeResult::malformed) {
            return claimed;
        }
        if (claimed == DecodeResult::limited) {
            result = DecodeResult::limited;  // keep reading the other records
        }
    }
    return result;
}

DecodeResult decode_llmnr(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept {
    MessageReader msg(in);
    Header h;
    const DecodeResult opened = open(msg, h);
    if (opened != DecodeResult::decoded) {
        return opened;
    }
    if (!h.qr()) {
        return read_questions(msg, h, ctx, out, kNameLlmnr, true);
    }
    if (ctx.src_port == 5355) {
        Emitter(ctx, out, kNameLlmnr).about(ctx.sender(), FactKind::service, server_port(5355));
    }
    const DecodeResult asked = read_questions(msg, h, ctx, out, kNameLlmnr, false);
    if (asked != DecodeResult::decoded || h.rcode() != 0) {
        return asked;
    }
    return read_answers(msg, h, ctx, out, kNameLlmnr, true);
}

}  // namespace daicho::collectors::dns
