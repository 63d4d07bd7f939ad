// DHCPv4 (BOOTP carrying the DHCP magic cookie): what clients say about themselves, which
// hosts serve, relay and route, and the address a server binds to a client.
// Refs: RFC 2131 §2 (op, htype, hlen, ciaddr, yiaddr, giaddr, chaddr), §3 (magic cookie
//   99.130.83.99), §4.1 (relay agents fill giaddr); RFC 951 (BOOTP); RFC 2132 §3.1/§3.2 (pad,
//   end), §3.5 (router), §3.8 (DNS server), §3.14 (host name), §3.17 (domain name), §8.4
//   (vendor specific, 43), §9.1 (requested address), §9.2 (lease time), §9.6 (message type),
//   §9.7 (server identifier), §9.8 (parameter request list), §9.13 (vendor class), §9.14
//   (client identifier; RFC 4361 §6.1); RFC 4702 §2-§2.3.1 (client FQDN, E flag); RFC 3925
//   §3/§4 (V-I vendor class 124, V-I vendor-specific 125); RFC 8520 §9 (MUD URL, 161).
// Facts: client messages (op 1), about chaddr (ip = ciaddr when set): hostname (12, or the
//   first label of 81), domain_name (rest of 81), vendor_class (60; os "Windows" for the
//   Microsoft class, proto/common/windows_os.h; software, os and platform from the parts of
//   dhcpcd's class, dhcp_text.h), dhcp_fingerprint (55, wire
//   order "1,3,6"), client_id (61 as hex with its type byte), other "dhcp-requested-address="
//   (50), other "dhcp-vendor-info=" (43 when printable; printable 124/125 data with its
//   enterprise number), mud_url (161, as sent), ip_address (REQUEST/INFORM with ciaddr set:
//   the client states it).
//   Server messages (op 2): role "dhcp-server" and service "udp/67" about the sender; when the
//   server identifier (54) is not the sender, "dhcp-server" about that address (ip only) and
//   "dhcp-relay" about the sender; ip_address (chaddr, yiaddr) from an ACK; domain_name (15),
//   vendor_class (60: the class the server answered for, which Aruba and PXE servers echo) and
//   other "dhcp-lease-seconds=" (51) about chaddr from OFFER/ACK; role "gateway" (3) and
//   "dns-server" (6) about each listed address (ip only).
// Relayed copies: a message that went through a relay (giaddr set) and was seen before on
//   this sensor (the client's broadcast, or the server's answer before the relay passed it on;
//   net/relayed_messages.h) states no fact about its client again; the relay's own roles and
//   the options' gateway and DNS server addresses are still read from it.
// Ignored: option overload (52; the options it moves into sname/file are not read, and those
//   fields themselves only name boot servers/files), RFC 3396 concatenation (the first
//   instance of an option is used), relay agent information (82; a later issue), hardware
//   other than Ethernet and BOOTP without the cookie (`unsupported`), whole datagrams shorter
//   than the BOOTP fixed part (`not_mine`: other traffic using port 67/68). The client's VLAN is
//   unknown on the relay-server leg (giaddr set, sent to port 67): subjects get VLAN 0 there.
//
//   0    1     2    3    4     8    10    12     16     20     24     28       44   108   236
//   |op |htype|hlen|hops|xid  |secs|flags|ciaddr|yiaddr|siaddr|giaddr|chaddr  |sname|file|
//   236: magic cookie 63 82 53 63, then options |code|len|body...| ... |ff|

#include "proto/dhcp/dhcp.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "proto/common/emitter.h"
#include "proto/common/windows_os.h"
#include "net/relayed_messages.h"
#include "proto/dhcp/dhcp_text.h"

namespace daicho::collectors::dhcp {
namespace {

constexpr std::uint8_t kOpBootRequest = 1;  // RFC 2131 §2 'op'
constexpr std::uint8_t kOpBootReply = 2;
constexpr std::uint8_t kHtypeEthernet = 1;  // RFC 2131 §2 'htype' (ARP hardware type 1)
constexpr std::uint8_t kHlenEthernet = 6;
constexpr std::size_t kFixedLength = 236;           // RFC 2131 §2: op .. file
constexpr std::uint32_t kMagicCookie = 0x63825363;  // RFC 2131 §3
constexpr std::uint16_t kServerPort = 67;

// RFC 2132 option codes (and RFC 4702, RFC 3925).
constexpr std::uint8_t kOptPad = 0;
constexpr std::uint8_t kOptRouter = 3;
constexpr std::uint8_t kOptDnsServer = 6;
constexpr std::uint8_t kOptHostName = 12;
constexpr std::uint8_t kOptDomainName = 15;
constexpr std::uint8_t kOptVendorSpecific = 43;
constexpr std::uint8_t kOptRequestedAddress = 50;
constexpr std::uint8_t kOptLeaseTime = 51;
constexpr std::uint8_t kOptMessageType = 53;
constexpr std::uint8_t kOptServerId = 54;
constexpr std::uint8_t kOptParameterList = 55;
constexpr std::uint8_t kOptVendorClass = 60;
constexpr std::uint8_t kOptClientId = 61;
constexpr std::uint8_t kOptClientFqdn = 81;
constexpr std::uint8_t kOptVendorClassVi = 124;
constexpr std::uint8_t kOptVendorSpecificVi = 125;
constexpr std::uint8_t kOptMudUrl = 161;  // RFC 8520 §9
constexpr std::uint8_t kOptEnd = 255;

// RFC 2132 §9.6 message types.
constexpr std::uint8_t kMsgOffer = 2;
constexpr std::uint8_t kMsgRequest = 3;
constexpr std::uint8_t kMsgAck = 5;
constexpr std::uint8_t kMsgNak = 6;
constexpr std::uint8_t kMsgInform = 8;

constexpr std::uint8_t kFqdnFlagE = 0x04;  // RFC 4702 §2.1: canonical wire format

constexpr std::string_view kRoleServer = "dhcp-server";
constexpr std::string_view kRoleRelay = "dhcp-relay";
constexpr std::string_view kRoleGateway = "gateway";
constexpr std::string_view kRoleDnsServer = "dns-server";
constexpr std::string_view kService = "udp/67";

struct Header {
    std::uint8_t op = 0;
    std::uint32_t ciaddr = 0;
    std::uint32_t yiaddr = 0;
    std::uint32_t giaddr = 0;
    MacAddress chaddr;
};

// The first instance of each option this decoder reads (RFC 3396 concatenation ignored).
struct Options {
    std::optional<ByteReader> message_type;
    std::optional<ByteReader> host_name;
    std::optional<ByteReader> client_fqdn;
    std::optional<ByteReader> vendor_class;
    std::optional<ByteReader> parameter_list;
    std::optional<ByteReader> client_id;
    std::optional<ByteReader> requested_address;
    std::optional<ByteReader> vendor_specific;
    std::optional<ByteReader> vendor_class_vi;
    std::optional<ByteReader> vendor_specific_vi;
    std::optional<ByteReader> domain_name;
    std::optional<ByteReader> lease_time;
    std::optional<ByteReader> routers;
    std::optional<ByteReader> dns_servers;
    std::optional<ByteReader> server_id;
    std::optional<ByteReader> mud_url;
};

std::optional<ByteReader>* slot_for(Options& o, std::uint8_t code) noexcept {
    switch (code) {
        case kOptMessageType:
            return &o.message_type;
        case kOptHostName:
            return &o.host_name;
        case kOptClientFqdn:
            return &o.client_fqdn;
        case kOptVendorClass:
            return &o.vendor_class;
        case kOptParameterList:
            return &o.parameter_list;
        case kOptClientId:
            return &o.client_id;
        case kOptRequestedAddress:
            return &o.requested_address;
        case kOptVendorSpecific:
            return &o.vendor_specific;
        case kOptVendorClassVi:
            return &o.vendor_class_vi;
        case kOptVendorSpecificVi:
            return &o.vendor_specific_vi;
        case kOptDomainName:
            return &o.domain_name;
        case kOptLeaseTime:
            return &o.lease_time;
        case kOptRouter:
            return &o.routers;
        case kOptDnsServer:
            return &o.dns_servers;
        case kOptServerId:
            return &o.server_id;
        case kOptMudUrl:
            return &o.mud_url;
        default:
            return nullptr;
    }
}

// RFC 2132 §2/§3: code, length, body; pad and end have no length. The walk ends at the end
// option; running out of bytes before it is a shortfall (the options may go on).
DecodeResult walk_options(ByteReader options, Options& found) noexcept {
    std::size_t seen = 0;
    std::size_t pads = 0;
    while (!options.empty()) {
        const auto code = options.u8();
        if (!code) {
            return options.shortfall();  // unreachable: not empty
        }
        if (*code == kOptPad) {
            if (++pads > kMaxDhcpPadOctets) {
                return DecodeResult::limited;
            }
            continue;
        }
        if (*code == kOptEnd) {
            return DecodeResult::decoded;  // RFC 2132 §3.2: what follows is padding
        }
        if (++seen > kMaxDhcpOptions) {
            return DecodeResult::limited;
        }
        const auto len = options.u8();
        if (!len) {
            return options.shortfall();
        }
        auto body = options.take(*len);
        if (!body) {
            return options.shortfall();
        }
        if (auto* slot = slot_for(found, *code); slot != nullptr && !slot->has_value()) {
            *slot = *body;
        }
    }
    return options.shortfall();  // RFC 2131 §3: the options end with the end option
}

// What went wrong inside option bodies (the option yields no fact; the walk goes on).
struct Status {
    bool malformed = false;
    bool limited = false;
};

Subject ip_only(const PacketContext& ctx, std::uint32_t addr, std::uint16_t vlan) noexcept {
    Subject s;
    s.ip = IpAddress::v4(addr);
    s.vlan = vlan;
    s.outer_vlan = vlan == 0 ? 0 : ctx.outer_vlan;
    s.sensor = ctx.sensor;
    return s;
}

// A 4-byte option body as one IPv4 address.
std::optional<std::uint32_t> address_of(const std::optional<ByteReader>& body,
                                        Status& st) noexcept {
    if (!body) {
        return std::nullopt;
    }
    auto r = *body;
    const auto v = r.be32();
    if (!v || !r.empty()) {
        st.malformed = true;  // RFC 2132 §9.1, §9.7: length 4
        return std::nullopt;
    }
    return v;
}

// RFC 4702 §2: flags, RCODE1, RCODE2, domain name (wire format with E, else ASCII).
void fqdn_facts(ByteReader body, const Subject& client, const Emitter& e, Status& st) noexcept {
    const auto flags = body.u8();
    if (!flags || !body.skip(2)) {
        st.malformed = true;  // RFC 4702 §2: at least 3 octets
        return;
    }
    SplitName name;
    if ((*flags & kFqdnFlagE) != 0) {
        const auto r = split_wire_name(body.take_rest(), kMaxFqdnLabels, name);
        st.malformed = st.malformed || r == DecodeResult::malformed;
        st.limited = st.limited || r == DecodeResult::limited;
        if (r == DecodeResult::malformed) {
            return;
        }
    } else {
        split_ascii_name(body.rest_chars(), name);
    }
    if (!name.host.empty()) {
        e.about(client, FactKind::hostname, name.host);
    }
    if (name.domain.size() > 0) {
        e.copy_about(client, FactKind::domain_name, name.domain.view());
    }
}

void vendor_info_fact(std::uint32_t enterprise, std::optional<std::uint8_t> code,
                      std::string_view text, const Subject& client, const Emitter& e) noexcept {
    if (!is_printable(text)) {
        return;
    }
    FixedText<kMaxValueBytes> v;
    v.append("dhcp-vendor-info=");
    v.append_uint(enterprise);
    if (code) {
        v.put('/');
        v.append_uint(*code);
    }
    v.put(':');
    v.append(text);
    e.copy_about(client, FactKind::other, v.view());
}

// RFC 3925 §3 (124: enterprise, data-len, {len, class data}...) and §4 (125: enterprise,
// data-len, {code, len, data}...). Each printable datum is one fact.
void vendor_vi_facts(ByteReader body, bool specific, const Subject& client, const Emitter& e,
                     Status& st) noexcept {
    std::size_t blocks = 0;
    while (!body.empty()) {
        if (++blocks > kMaxVendorInfoItems) {
            st.limited = true;
            return;
        }
        const auto enterprise = body.be32();
        const auto data_len = body.u8();
        if (!enterprise || !data_len) {
            st.malformed = true;
            return;
        }
        auto data = body.take(*data_len);
        if (!data) {
            st.malformed = true;  // RFC 3925 §3/§4: data-len past the option
            return;
        }
        std::size_t items = 0;
        while (!data->empty()) {
            if (++items > kMaxVendorInfoItems) {
                st.limited = true;
                return;
            }
            std::optional<std::uint8_t> code;
            if (specific) {
                code = data->u8();
            }
            const auto len = data->u8();
            const auto text = len ? data->chars(*len) : std::nullopt;
            if ((specific && !code) || !text) {
                st.malformed = true;
                return;
            }
            vendor_info_fact(*enterprise, code, *text, client, e);
        }
    }
}

void client_facts(const Options& o, const Header& h, const Subject& client,
                  std::optional<std::uint8_t> type, const Emitter& e, Status& st) noexcept {
    if (o.host_name) {
        const auto name = strip_nul(o.host_name->rest_chars());
        if (!name.empty()) {
            e.about(client, FactKind::hostname, name);
        }
    }
    if (o.client_fqdn) {
        fqdn_facts(*o.client_fqdn, client, e, st);
    }
    if (o.vendor_class) {
        const auto text = strip_nul(o.vendor_class->rest_chars());
        if (!text.empty()) {
            e.about(client, FactKind::vendor_class, text);
        }
        if (const auto os = windows_os::from_vendor_class(text)) {
            e.about(client, FactKind::os, *os);
        }
        const auto dhcpcd = split_dhcpcd_class(text);
        e.about(client, FactKind::software, dhcpcd.software);
        e.about(client, FactKind::os, dhcpcd.os);
        e.about(client, FactKind::platform, dhcpcd.platform);
    }
    if (o.parameter_list && !o.parameter_list->empty()) {
        FixedText<1024> list;  // at most 255 codes of "255,"
        auto codes = *o.parameter_list;
        while (!codes.empty()) {  // bounded by the option length (255)
            const auto c = codes.u8();
            if (!c) {
                break;
            }
            if (list.size() > 0) {
                list.put(',');
            }
            list.append_uint(*c);
        }
        e.copy_about(client, FactKind::dhcp_fingerprint, list.view());
    }
    if (o.client_id) {
        if (o.client_id->size() < 2) {
            st.malformed = true;  // RFC 2132 §9.14: minimum length 2
        } else {
            FixedText<kMaxValueBytes> id;
            text::append_hex_colon(id, *o.client_id, kMaxValueBytes);
            e.copy_about(client, FactKind::client_id, id.view());
        }
    }
    if (const auto requested = address_of(o.requested_address, st)) {
        FixedText<48> v;
        v.append("dhcp-requested-address=");
        v.append_ipv4(*requested);
        e.copy_about(client, FactKind::other, v.view());
    }
    if (o.vendor_specific && is_printable(o.vendor_specific->rest_chars())) {
        FixedText<kMaxValueBytes> v;
        v.append("dhcp-vendor-info=");
        v.append(o.vendor_specific->rest_chars());
        e.copy_about(client, FactKind::other, v.view());
    }
    if (o.vendor_class_vi) {
        vendor_vi_facts(*o.vendor_class_vi, false, client, e, st);
    }
    if (o.mud_url) {
        // RFC 8520 §9: the URL of the client's MUD file (1..255 octets), never fetched.
        const auto url = strip_nul(o.mud_url->rest_chars());
        if (url.empty()) {
            st.malformed = true;
        } else {
            e.about(client, FactKind::mud_url, url);
        }
    }
    if (o.vendor_specific_vi) {
        vendor_vi_facts(*o.vendor_specific_vi, true, client, e, st);
    }
    // RFC 2131 §4.3.2 (RENEWING/REBINDING) and §4.3.5: ciaddr is the client's own address.
    if (h.ciaddr != 0 && type && (*type == kMsgRequest || *type == kMsgInform)) {
        Subject bound = client;
        bound.ip = IpAddress::v4(h.ciaddr);
        e.about(bound, FactKind::ip_address, {});
    }
}

// RFC 2132 §3.5, §3.8: a list of addresses, each one fact about that address.
void address_list_facts(const std::optional<ByteReader>& body, std::string_view role,
                        std::uint16_t vlan, const PacketContext& ctx, const Emitter& e,
                        Status& st) noexcept {
    if (!body) {
        return;
    }
    auto list = *body;
    if (list.empty() || list.size() % 4 != 0) {
        st.malformed = true;  // RFC 2132 §3.5: minimum 4, a multiple of 4
        return;
    }
    std::size_t n = 0;
    while (!list.empty()) {
        if (++n > kMaxDhcpAddresses) {
            st.limited = true;
            return;
        }
        const auto addr = list.be32();
        if (!addr) {
            return;  // unreachable: a multiple of 4
        }
        if (*addr != 0) {
            e.about(ip_only(ctx, *addr, vlan), FactKind::role, role);
        }
    }
}

void server_facts(const Options& o, const Header& h, const Subject& client, bool client_known,
                  bool complete, std::optional<std::uint8_t> type, const PacketContext& ctx,
                  const Emitter& e, Status& st) noexcept {
    const Subject sender = ctx.sender();
    const auto server_id = address_of(o.server_id, st);
    const bool sender_v4 = ctx.src_ip.family == IpAddress::Family::v4;
    if (server_id && *server_id != 0 && (!sender_v4 || IpAddress::v4(*server_id) != ctx.src_ip)) {
        // RFC 2131 §4.1: a relay agent answers the client for the server it names.
        e.about(ip_only(ctx, *server_id, 0), FactKind::role, kRoleServer);
        e.about(ip_only(ctx, *server_id, 0), FactKind::service, kService);
        e.about(sender, FactKind::role, kRoleRelay);
        e.about(sender, FactKind::service, kService);
    } else if (server_id || complete) {
        e.about(sender, FactKind::role, kRoleServer);
        e.about(sender, FactKind::service, kService);
    }
    if (type && *type == kMsgNak) {
        return;  // RFC 2131 §4.3.2: a NAK carries no configuration
    }
    if (client_known && type && *type == kMsgAck && h.yiaddr != 0) {
        Subject bound = client;
        bound.ip = IpAddress::v4(h.yiaddr);
        e.about(bound, FactKind::ip_address, {});
    }
    if (client_known && type && (*type == kMsgOffer || *type == kMsgAck)) {
        // RFC 2132 §9.13: the class the server answered for (Aruba and PXE servers echo it).
        if (o.vendor_class) {
            const auto text = strip_nul(o.vendor_class->rest_chars());
            if (!text.empty()) {
                e.about(client, FactKind::vendor_class, text);
            }
        }
        if (o.domain_name) {
            const auto domain = strip_nul(o.domain_name->rest_chars());
            if (!domain.empty()) {
                e.about(client, FactKind::domain_name, domain);
            }
        }
        if (o.lease_time) {
            auto r = *o.lease_time;
            const auto secs = r.be32();
            if (!secs || !r.empty()) {
                st.malformed = true;  // RFC 2132 §9.2: length 4
            } else {
                FixedText<32> v;
                v.append("dhcp-lease-seconds=");
                v.append_uint(*secs);
                e.copy_about(client, FactKind::other, v.view());
            }
        }
    }
    address_list_facts(o.routers, kRoleGateway, client.vlan, ctx, e, st);
    address_list_facts(o.dns_servers, kRoleDnsServer, 0, ctx, e, st);
}

// What a relay keeps of a message (RFC 2131 §4.1: it fills giaddr and counts hops, and passes
// op, xid, chaddr and the options on), hashed (FNV-1a) for net::RelayedMessages.
std::uint64_t message_key(std::uint8_t op, std::uint8_t type, std::uint32_t xid,
                          const MacAddress& chaddr) noexcept {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    const auto mix = [&h](std::uint8_t b) {
        h ^= b;
        h *= 0x100000001b3ULL;
    };
    mix(op);
    mix(type);
    for (int shift = 24; shift >= 0; shift -= 8) {
        mix(static_cast<std::uint8_t>(xid >> static_cast<unsigned>(shift)));
    }
    for (const std::uint8_t b : chaddr.octets) {
        mix(b);
    }
    return h;
}

}  // namespace

DecodeResult decode(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept {
    auto fixed = in.take(kFixedLength);
    if (!fixed) {
        // Whole but shorter than any BOOTP message: other traffic on port 67/68 (a client's
        // ephemeral port), not a broken DHCP message. A cut capture may still be DHCP.
        return in.capture_cut() ? DecodeResult::truncated : DecodeResult::not_mine;
    }
    const auto op = fixed->u8();
    const auto htype = fixed->u8();
    const auto hlen = fixed->u8();
    const bool hops = fixed->skip(1);
    const auto xid = fixed->be32();
    const bool skipped = hops && fixed->skip(2 + 2);  // secs, flags
    const auto ciaddr = fixed->be32();
    const auto yiaddr = fixed->be32();
    const auto siaddr = fixed->be32();
    const auto giaddr = fixed->be32();
    const auto chaddr = fixed->array<6>();  // of 16; sname and file follow
    if (!op || !htype || !hlen || !xid || !skipped || !ciaddr || !yiaddr || !siaddr || !giaddr ||
        !chaddr) {
        return DecodeResult::malformed;  // unreachable: the sub-reader holds 236 bytes
    }
    if (*op != kOpBootRequest && *op != kOpBootReply) {
        return DecodeResult::malformed;  // RFC 2131 §2: 1 = BOOTREQUEST, 2 = BOOTREPLY
    }
    if (*htype != kHtypeEthernet) {
        return DecodeResult::unsupported;
    }
    if (*hlen != kHlenEthernet) {
        return DecodeResult::malformed;  // RFC 2131 §2: Ethernet addresses are 6 octets
    }
    const auto cookie = in.be32();
    if (!cookie) {
        return in.shortfall();
    }
    if (*cookie != kMagicCookie) {
        return DecodeResult::unsupported;  // plain BOOTP (RFC 951 'vend')
    }

    Header h;
    h.op = *op;
    h.ciaddr = *ciaddr;
    h.yiaddr = *yiaddr;
    h.giaddr = *giaddr;
    h.chaddr.octets = *chaddr;

    Options o;
    const DecodeResult walked = walk_options(in.take_rest(), o);
    const bool complete = walked == DecodeResult::decoded || walked == DecodeResult::limited;

    Status st;
    std::optional<std::uint8_t> type;
    if (o.message_type) {
        auto r = *o.message_type;
        type = r.u8();
        if (!type || !r.empty()) {
            type.reset();
            st.malformed = true;  // RFC 2132 §9.6: length 1
        }
    }

    // On the relay-server leg the client is on another link (RFC 2131 §4.1).
    const bool relay_leg = h.giaddr != 0 && ctx.dst_port == kServerPort;
    Subject client;
    client.mac = h.chaddr;
    client.has_mac = true;
    if (h.ciaddr != 0) {
        client.ip = IpAddress::v4(h.ciaddr);
    }
    client.vlan = relay_leg ? 0 : ctx.vlan;
    client.outer_vlan = relay_leg ? 0 : ctx.outer_vlan;
    client.sensor = ctx.sensor;
    const bool client_known = !h.chaddr.is_zero() && !h.chaddr.is_group();

    // A relay's copy of a message this walk saw before (net/relayed_messages.h): the client's
    // facts came with the first copy.
    const bool relayed_copy =
        ctx.relayed != nullptr && type &&
        ctx.relayed->later_copy(ctx, message_key(h.op, *type, *xid, h.chaddr), h.giaddr != 0);

    const Emitter e(ctx, out, kName);
    if (h.op == kOpBootRequest) {
        if (client_known && !relayed_copy) {
            client_facts(o, h, client, type, e, st);
        }
    } else {
        server_facts(o, h, client, client_known && !relayed_copy, complete, type, ctx, e, st);
    }

    if (walked != DecodeResult::decoded) {
        return walked;
    }
    if (st.malformed) {
        return DecodeResult::malformed;
    }
    return st.limited ? DecodeResult::limited : DecodeResult::decoded;
}

}  // namespace daicho::collectors::dhcp
