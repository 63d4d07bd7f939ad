// DHCPv6: what clients say about themselves, which hosts serve and relay, and the addresses a
// server's Reply gives a client on this link.
// Refs: RFC 8415 §8 (client/server message: msg-type, transaction-id, options), §9 (relay
//   messages: hop-count, link-address, peer-address), §7.6 (HOP_COUNT_LIMIT 8), §7.3 (message
//   types), §21.1 (option format), §21.2 (client identifier), §21.4/§21.6 (IA_NA, IAADDR,
//   valid-lifetime 0 = withdrawn, §18.2.10.1), §21.7 (ORO), §21.10 (relay message), §21.15 (user
//   class), §21.16 (vendor class), §11 (DUID); RFC 4704 §4 (client FQDN, partial names);
//   RFC 6939 §4 (client link-layer address in Relay-forward).
// Facts: client messages (Solicit, Request, Confirm, Renew, Rebind, Release, Decline,
//   Information-request) about the sender: client_id (option 1 DUID, hex), hostname and
//   domain_name (39: first label / the rest), vendor_class (16, "<enterprise>:<first data>"; os
//   "Windows" for Microsoft's "MSFT 5.0", proto/common/windows_os.h),
//   dhcp_fingerprint (6, option codes in order), other "dhcpv6-user-class=" (15, printable),
//   mud_url (112, RFC 8520 §9, as sent).
//   Server messages (Advertise, Reply, Reconfigure; Relay-reply): role "dhcpv6-server" and
//   service "udp/547" about the sender; a Reply to a unicast MAC binds each IAADDR in IA_NA
//   (valid lifetime > 0) to ctx.dst_mac (ip_address). Relay-forward: role "dhcpv6-relay" about
//   the sender; the relayed client's facts are about peer-address, with the RFC 6939 MAC when
//   present, else the MAC a modified EUI-64 peer-address embeds (RFC 4291 App. A); relayed
//   messages never bind (their frame MACs are the relay's).
// Ignored: IA_TA (temporary, privacy addresses) and IA_PD (prefixes, not host addresses), the
//   server identifier, status codes, timers, boot-file and other configuration options; the
//   message a relay sends to the client is indistinguishable from a server's and counts the
//   relay as a server.
//
//   client/server: |msg-type|transaction-id (3)| options |code (2)|len (2)|body|...
//   relay:         |msg-type|hop-count|link-address (16)|peer-address (16)| options ...

#include "proto/dhcpv6/dhcpv6.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "proto/common/emitter.h"
#include "proto/common/windows_os.h"
#include "proto/dhcp/dhcp_text.h"

namespace daicho::collectors::dhcpv6 {
namespace {

using text::FixedText;

// RFC 8415 §7.3 message types.
constexpr std::uint8_t kSolicit = 1;
constexpr std::uint8_t kAdvertise = 2;
constexpr std::uint8_t kRequest = 3;
constexpr std::uint8_t kConfirm = 4;
constexpr std::uint8_t kRenew = 5;
constexpr std::uint8_t kRebind = 6;
constexpr std::uint8_t kReply = 7;
constexpr std::uint8_t kRelease = 8;
constexpr std::uint8_t kDecline = 9;
constexpr std::uint8_t kReconfigure = 10;
constexpr std::uint8_t kInformationRequest = 11;
constexpr std::uint8_t kRelayForward = 12;
constexpr std::uint8_t kRelayReply = 13;

// IANA Private Enterprise Number of Microsoft, whose vendor class names Windows.
constexpr std::uint32_t kEnterpriseMicrosoft = 311;

// RFC 8415 §21, RFC 4704, RFC 6939 option codes.
constexpr std::uint16_t kOptClientId = 1;
constexpr std::uint16_t kOptIaNa = 3;
constexpr std::uint16_t kOptIaAddr = 5;
constexpr std::uint16_t kOptOro = 6;
constexpr std::uint16_t kOptRelayMessage = 9;
constexpr std::uint16_t kOptUserClass = 15;
constexpr std::uint16_t kOptVendorClass = 16;
constexpr std::uint16_t kOptClientFqdn = 39;
constexpr std::uint16_t kOptClientLinkLayer = 79;
constexpr std::uint16_t kOptMudUrl = 112;        // RFC 8520 §9 (OPTION_MUD_URL_V6)
constexpr std::uint16_t kLinkLayerEthernet = 1;  // RFC 6939 §4: ARP hardware type

constexpr std::string_view kRoleServer = "dhcpv6-server";
constexpr std::string_view kRoleRelay = "dhcpv6-relay";
constexpr std::string_view kService = "udp/547";

struct Status {
    bool malformed = false;
    bool limited = false;
    void note(DecodeResult r) noexcept {
        malformed = malformed || r == DecodeResult::malformed;
        limited = limited || r == DecodeResult::limited;
    }
};

// Where a message sits: whom its client facts are about, and whether it was relayed.
struct Scope {
    Subject client;
    bool relayed = false;
    std::size_t depth = 0;
};

class Decoder {
   public:
    Decoder(const PacketContext& ctx, ObservationSink& out) noexcept
        : ctx_(ctx), emit_(ctx, out, kName) {}

    DecodeResult message(ByteReader in, const Scope& scope) noexcept;
    [[nodiscard]] const Status& status() const noexcept { return st_; }

   private:
    DecodeResult relay(ByteReader in, std::uint8_t type, const Scope& scope) noexcept;
    void client_option(std::uint16_t code, ByteReader body, const Subject& client) noexcept;
    void ia_na(ByteReader body) noexcept;
    void fqdn(ByteReader body, const Subject& client) noexcept;
    void vendor_class(ByteReader body, const Subject& client) noexcept;
    void user_class(ByteReader body, const Subject& client) noexcept;
    void oro(ByteReader body, const Subject& client) noexcept;

    const PacketContext& ctx_;
    Emitter emit_;
    Status st_;
};

// RFC 8415 §21.1: option-code, option-len, option-data. No end marker: the options fill the
// message (decode() reports a cut datagram as truncated even at an option boundary).
template <typename OnOption>
DecodeResult walk_options(ByteReader options, std::size_t limit, OnOption&& on_option) noexcept {
    std::size_t seen = 0;
    while (!options.empty()) {
        if (++seen > limit) {
            return DecodeResult::limited;
        }
        const auto code = options.be16();
        const auto len = options.be16();
        if (!code || !len) {
            return options.shortfall();
        }
        auto body = options.take(*len);
        if (!body) {
            return options.shortfall();
        }
        on_option(*code, *body);
    }
    return DecodeResult::decoded;
}

// RFC 4291 Appendix A: a modified EUI-64 interface identifier (ff:fe in its middle) is the
// interface's MAC with the universal/local bit inverted. A client seen only through a relay,
// without the RFC 6939 option, is then still a device; a random or RFC 7217 identifier names no
// MAC and the client's facts stay with its address. (Not the DUID's link-layer address: images
// cloned with one DUID-LLT would fold many clients into one MAC.)
std::optional<MacAddress> eui64_mac(const std::array<std::uint8_t, 16>& address) noexcept {
    if (address[11] != 0xffU || address[12] != 0xfeU) {
        return std::nullopt;
    }
    MacAddress m;
    m.octets = {static_cast<std::uint8_t>(address[8] ^ 0x02U), address[9], address[10],
                address[13], address[14], address[15]};
    return m;
}

bool is_client_message(std::uint8_t t) noexcept {
    return t == kSolicit || t == kRequest || t == kConfirm || t == kRenew || t == kRebind ||
           t == kRelease || t == kDecline || t == kInformationRequest;
}
bool is_server_message(std::uint8_t t) noexcept {
    return t == kAdvertise || t == kReply || t == kReconfigure;
}

DecodeResult Decoder::message(ByteReader in, const Scope& scope) noexcept {
    const auto type = in.peek_u8();
    if (!type) {
        return in.shortfall();
    }
    if (*type == kRelayForward || *type == kRelayReply) {
        return relay(in, *type, scope);
    }
    if (!is_client_message(*type) && !is_server_message(*type)) {
        return DecodeResult::unsupported;  // leasequery, DHCPv4-over-DHCPv6, ... (RFC 8415 §7.3)
    }
    if (!in.skip(4)) {  // msg-type, transaction-id
        return in.shortfall();
    }
    if (is_server_message(*type)) {
        if (scope.depth == 0) {
            emit_.about(ctx_.sender(), FactKind::role, kRoleServer);
            emit_.about(ctx_.sender(), FactKind::service, kService);
        }
        // RFC 8415 §18.3.10: the Reply carries the leases; bind only what this link shows.
        const bool bind = *type == kReply && !scope.relayed && ctx_.has_l2 &&
                          !ctx_.dst_mac.is_zero() && !ctx_.dst_mac.is_group();
        return walk_options(in.take_rest(), kMaxDhcpv6Options,
                            [&](std::uint16_t code, ByteReader body) {
                                if (bind && code == kOptIaNa) {
                                    ia_na(body);
                                }
                            });
    }
    return walk_options(
        in.take_rest(), kMaxDhcpv6Options,
        [&](std::uint16_t code, ByteReader body) { client_option(code, body, scope.client); });
}

// RFC 8415 §9.1/§9.2, §21.10; RFC 6939 §4.
DecodeResult Decoder::relay(ByteReader in, std::uint8_t type, const Scope& scope) noexcept {
    auto hdr = in.take(34);
    if (!hdr) {
        return in.shortfall();
    }
    std::array<std::uint8_t, 16> peer{};
    if (!hdr->skip(2 + 16)) {            // msg-type, hop-count, link-address
        return DecodeResult::malformed;  // unreachable: the sub-reader holds 34 bytes
    }
    if (const auto p = hdr->array<16>()) {
        peer = *p;
    }
    if (scope.depth == 0) {
        const Subject sender = ctx_.sender();
        emit_.about(sender, FactKind::role, type == kRelayForward ? kRoleRelay : kRoleServer);
        if (type == kRelayReply) {
            emit_.about(sender, FactKind::service, kService);
        }
    }
    if (scope.depth + 1 > kMaxRelayDepth) {
        return DecodeResult::limited;
    }
    std::optional<ByteReader> inner;
    std::optional<MacAddress> client_mac;
    bool link_layer_given = false;  // the relay said what the client's link layer is
    bool bad_link_layer = false;
    const auto walked =
        walk_options(in.take_rest(), kMaxDhcpv6Options, [&](std::uint16_t code, ByteReader body) {
            if (code == kOptRelayMessage && !inner) {
                inner = body;
            } else if (code == kOptClientLinkLayer && !client_mac) {
                link_layer_given = true;
                const auto hw = body.be16();
                const auto mac = body.array<6>();
                if (!hw) {
                    bad_link_layer = true;
                } else if (*hw == kLinkLayerEthernet && mac && body.empty()) {
                    client_mac = MacAddress{*mac};
                }
            }
        });
    st_.malformed = st_.malformed || bad_link_layer;
    if (walked != DecodeResult::decoded && walked != DecodeResult::limited) {
        return walked;
    }
    if (!inner) {
        // RFC 8415 §9.1/§9.2: a relay message MUST carry a Relay Message option; in a capture
        // cut after the options read so far, it may simply not have been captured.
        if (walked == DecodeResult::limited) {
            return walked;
        }
        return in.capture_cut() ? DecodeResult::truncated : DecodeResult::malformed;
    }
    Scope next;
    next.relayed = true;
    next.depth = scope.depth + 1;
    next.client.ip = IpAddress::v6(peer);
    next.client.vlan = 0;  // the client's link is behind the relay
    next.client.sensor = ctx_.sensor;
    if (!link_layer_given) {
        client_mac = eui64_mac(peer);
    }
    if (client_mac && !client_mac->is_zero() && !client_mac->is_group()) {
        next.client.mac = *client_mac;
        next.client.has_mac = true;
    }
    const auto r = message(*inner, next);
    if (r == DecodeResult::truncated) {
        return DecodeResult::malformed;  // the relay option was whole; its content is short
    }
    if (r != DecodeResult::decoded) {
        return r;
    }
    return walked;
}

void Decoder::client_option(std::uint16_t code, ByteReader body, const Subject& client) noexcept {
    switch (code) {
        case kOptClientId:
            if (body.empty()) {
                st_.malformed = true;  // RFC 8415 §11: a DUID has a type code
            } else {
                FixedText<kMaxValueBytes> id;
                text::append_hex_colon(id, body, kMaxValueBytes);
                emit_.copy_about(client, FactKind::client_id, id.view());
            }
            break;
        case kOptClientFqdn:
            fqdn(body, client);
            break;
        case kOptVendorClass:
            vendor_class(body, client);
            break;
        case kOptUserClass:
            user_class(body, client);
            break;
        case kOptOro:
            oro(body, client);
            break;
        case kOptMudUrl:
            // RFC 8520 §9: the URL of the client's MUD file (1..255 octets), never fetched.
            if (body.empty()) {
                st_.malformed = true;
            } else {
                emit_.about(client, FactKind::mud_url, body.rest_chars());
            }
            break;
        default:
            break;
    }
}

// RFC 4704 §4: flags, then a (possibly partial) wire-format domain name.
void Decoder::fqdn(ByteReader body, const Subject& client) noexcept {
    if (!body.skip(1)) {
        st_.malformed = true;
        return;
    }
    dhcp::SplitName name;
    const auto r = dhcp::split_wire_name(body.take_rest(), kMaxFqdnLabels, name);
    st_.note(r);
    if (r == DecodeResult::malformed) {
        return;
    }
    if (!name.host.empty()) {
        emit_.about(client, FactKind::hostname, name.host);
    }
    if (name.domain.size() > 0) {
        emit_.copy_about(client, FactKind::domain_name, name.domain.view());
    }
}

// RFC 8415 §21.16: enterprise-number, then {vendor-class-len (2), opaque}... The fact is the
// enterprise number with the first datum ("311:MSFT 5.0").
void Decoder::vendor_class(ByteReader body, const Subject& client) noexcept {
    const auto enterprise = body.be32();
    const auto len = body.be16();
    const auto data = len ? body.chars(*len) : std::nullopt;
    if (!enterprise || !data) {
        st_.malformed = true;
        return;
    }
    FixedText<kMaxValueBytes> v;
    v.append_uint(*enterprise);
    v.put(':');
    v.append(dhcp::strip_nul(*data));
    emit_.copy_about(client, FactKind::vendor_class, v.view());
    if (*enterprise != kEnterpriseMicrosoft) {
        return;
    }
    if (const auto os = windows_os::from_vendor_class(dhcp::strip_nul(*data))) {
        emit_.about(client, FactKind::os, *os);
    }
}

// RFC 8415 §21.15: {user-class-len (2), opaque}...; each printable datum is one fact.
void Decoder::user_class(ByteReader body, const Subject& client) noexcept {
    std::size_t items = 0;
    while (!body.empty()) {
        if (++items > kMaxClassItems) {
            st_.limited = true;
            return;
        }
        const auto len = body.be16();
        const auto data = len ? body.chars(*len) : std::nullopt;
        if (!data) {
            st_.malformed = true;
            return;
        }
        const auto text = dhcp::strip_nul(*data);
        if (dhcp::is_printable(text)) {
            FixedText<kMaxValueBytes> v;
            v.append("dhcpv6-user-class=");
            v.append(text);
            emit_.copy_about(client, FactKind::other, v.view());
        }
    }
}

// RFC 8415 §21.7: a list of 2-octet option codes, in the client's order.
void Decoder::oro(ByteReader body, const Subject& client) noexcept {
    if (body.size() % 2 != 0) {
        st_.malformed = true;
        return;
    }
    FixedText<kMaxValueBytes> list;
    std::size_t n = 0;
    while (!body.empty()) {
        if (++n > kMaxOroCodes) {
            st_.limited = true;
            break;
        }
        const auto code = body.be16();
        if (!code) {
            break;  // unreachable: an even length
        }
        if (list.size() > 0) {
            list.put(',');
        }
        list.append_uint(*code);
    }
    if (list.size() > 0) {
        emit_.copy_about(client, FactKind::dhcp_fingerprint, list.view());
    }
}

// RFC 8415 §21.4 (IAID, T1, T2, IA_NA-options) and §21.6 (IAADDR: address, preferred and
// valid lifetimes, options). A valid lifetime of 0 withdraws the address (§18.2.10.1).
void Decoder::ia_na(ByteReader body) noexcept {
    if (!body.skip(12)) {
        st_.malformed = true;
        return;
    }
    const auto r =
        walk_options(body.take_rest(), kMaxIaOptions, [&](std::uint16_t code, ByteReader addr_opt) {
            if (code != kOptIaAddr) {
                return;
            }
            const auto addr = addr_opt.array<16>();
            const auto preferred = addr_opt.be32();
            const auto valid = addr_opt.be32();
            if (!addr || !preferred || !valid) {
                st_.malformed = true;
                return;
            }
            const auto ip = IpAddress::v6(*addr);
            if (*valid == 0 || ip.is_unspecified() || (*addr)[0] == 0xFF) {
                return;
            }
            emit_.about(ctx_.on_link(ctx_.dst_mac, true, ip), FactKind::ip_address, {});
        });
    // The IA_NA option was whole: running out inside it is the sender's error.
    st_.note(r == DecodeResult::truncated ? DecodeResult::malformed : r);
}

}  // namespace

DecodeResult decode(ByteReader in, const PacketContext& ctx, ObservationSink& out) noexcept {
    Decoder d(ctx, out);
    Scope top;
    top.client = ctx.sender();
    const auto r = d.message(in, top);
    if (r != DecodeResult::decoded) {
        return r;
    }
    if (in.capture_cut()) {
        return DecodeResult::truncated;  // options may have followed
    }
    if (d.status().malformed) {
        return DecodeResult::malformed;
    }
    return d.status().limited ? DecodeResult::limited : DecodeResult::decoded;
}

}  // namespace daicho::collectors::dhcpv6
