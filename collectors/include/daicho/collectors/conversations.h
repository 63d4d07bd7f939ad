#pragma once
// The bounded conversation table (issue 13, Q10): every conversation between an inside
// address and an outside one, aggregated per {sensor, inside address, outside address, IP
// protocol, server port}. FrameDecoder keeps one (FrameDecoderConfig::conversations) and
// updates it once per packet, after routed copies are dropped; the pipeline reads its rows
// through FrameDecoder::conversations() to store them.
//
// Inside vs outside: InsidePlan, filled by the pipeline from the hospital's address plan
// (ledger/address_plan.h: collectors do not link the ledger). With no prefix configured,
// RFC 1918 and RFC 4193 (ULA) are inside and `configured()` says the plan is missing, so the
// output can say so. Addresses that name no endpoint (unspecified, loopback, link-local,
// multicast, broadcast) are neither: packets to or from them are not conversations.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "daicho/collectors/observation.h"
#include "daicho/collectors/service_class.h"

namespace daicho::collectors {

struct InsidePrefix {
    IpAddress network;        // host bits beyond `length` are ignored
    std::uint8_t length = 0;  // bits (0..32 for IPv4, 0..128 for IPv6)
};

class InsidePlan {
   public:
    InsidePlan() = default;  // no plan: RFC 1918 / ULA
    explicit InsidePlan(std::vector<InsidePrefix> prefixes) : prefixes_(std::move(prefixes)) {}

    [[nodiscard]] bool configured() const noexcept { return !prefixes_.empty(); }
    [[nodiscard]] bool inside(const IpAddress& a) const noexcept;
    // Unspecified, loopback, link-local, multicast and IPv4 limited broadcast: no endpoint.
    [[nodiscard]] static bool no_endpoint(const IpAddress& a) noexcept;

   private:
    std::vector<InsidePrefix> prefixes_;
};

// Named limits of the table (STYLE.md §4.3). Memory is fixed at construction: 396 bytes a
// row on x86-64 (the row and its run start, 392 B, of which 162 B hold the SNI and the
// certificate names, and a 4-byte tag); the default 16384 rows take 6.19 MiB
// (FrameDecoder::conversation_bytes()).
struct ConversationConfig {
    static constexpr std::size_t kDefaultEntries = 16384;
    // A conversation idle this long starts a new activity run (a UDP "session"); the longest
    // run is the longest session. 5 minutes: NAT and firewall UDP timeouts are 30 s to
    // 5 min, and an always-on line sends keep-alives well inside that.
    static constexpr std::int64_t kDefaultIdleUs = 300'000'000;

    // Rounded up to a power of two, at least 8. 0 (the default): no table, and no work per
    // packet, until the pipeline that stores the rows sizes it (kDefaultEntries).
    std::size_t entries = 0;
    std::int64_t idle_us = kDefaultIdleUs;
    InsidePlan inside;
    // Rows to keep when a full set evicts them, for a pipeline that stores the table once, at
    // a capture file's end: a long file would otherwise lose its early conversations (a
    // vendor's morning maintenance session in a day's capture). Kept rows are handed out with
    // the live ones; the ledger adds up rows with the same key. 0: evicted rows are dropped
    // (a live capture stores its rows at every merge instead). Memory: up to this many rows,
    // reserved at construction, touched only when a row is evicted.
    std::size_t keep_evicted = 0;
};

// Who opened the conversation.
enum class Opener : std::uint8_t {
    unknown = 0,  // first seen mid-stream (TCP without its SYN)
    inside,       // the inside address sent the SYN / the first datagram
    outside,      // the outside address did: an inbound connection point
};

[[nodiscard]] constexpr std::string_view opener_name(Opener o) noexcept {
    switch (o) {
        case Opener::inside:
            return "inside";
        case Opener::outside:
            return "outside";
        case Opener::unknown:
            break;
    }
    return "unknown";
}

inline constexpr std::size_t kMaxConversationProduct = 32;  // bytes kept of a product name
inline constexpr std::size_t kMaxConversationVersion = 24;  // ... and of its version
// Names of the outside end seen in the conversation itself: a TLS SNI sent from inside (the
// name the inside end asked for), the server certificate's subject and issuer sent from
// outside (x509 describe_certificate's text). Cut at these sizes: enough for a host name and
// a FortiGate-style "subject=...; issuer=..." line; the ledger adds the DNS answers.
inline constexpr std::size_t kMaxConversationName = 64;
inline constexpr std::size_t kMaxConversationCertificate = 96;

// What the packet's decoders said that names the conversation's ends (views valid during the
// frame only; the table copies them).
struct ConversationNames {
    std::string_view server_name;  // FactKind::server_name the sender stated
    std::string_view certificate;  // FactKind::certificate the sender presented
};

// One row of the table, as the pipeline reads it.
struct Conversation {
    IpAddress inside;
    IpAddress outside;
    std::uint16_t sensor = 0;
    std::uint8_t ip_proto = 0;
    std::uint16_t server_port = 0;  // 0 for protocols without ports (ESP, GRE)
    std::uint16_t vlan = 0;         // of the last packet
    MacAddress inside_mac;          // the frame's MAC on the inside end (last packet)
    MacAddress outside_mac;         // ... on the outside end: the egress gateway's MAC
    bool has_l2 = false;
    Opener opener = Opener::unknown;
    std::int64_t last_us = 0;
    std::int64_t longest_us = 0;  // longest activity run (no gap over idle_us), so far
    std::uint32_t sessions = 0;   // TCP: SYNs (+1 when first seen mid-stream); else runs
    std::uint64_t packets = 0;
    std::uint64_t bytes_to_outside = 0;  // wire bytes of frames from inside to outside
    std::uint64_t bytes_to_inside = 0;
    // Above: what every packet reads or writes, in the row's first 104 bytes (the table keeps
    // each row on two cache lines); below, what a row's first packet or a recogniser sets.
    std::int64_t first_us = 0;
    EvidenceRef first_evidence;  // the packet that created the row
    ServiceClass service_class = ServiceClass::none;
    std::string_view protocol;  // static text from the recogniser
    std::array<char, kMaxConversationProduct> product{};
    std::uint8_t product_len = 0;
    std::array<char, kMaxConversationVersion> version{};
    std::uint8_t version_len = 0;
    std::array<char, kMaxConversationName> server_name{};  // the first SNI from inside
    std::uint8_t server_name_len = 0;
    std::array<char, kMaxConversationCertificate> certificate{};  // the first from outside
    std::uint8_t certificate_len = 0;
    // The outside view of another row behind a NAT (the translator's own address as the
    // inside end; net/routed_copies.h "NAT views"): kept in the table so the conversation's
    // later packets find it, never listed as a connection point.
    bool nat_view = false;

    [[nodiscard]] std::string_view server_name_text() const noexcept {
        return {server_name.data(), server_name_len};
    }
    [[nodiscard]] std::string_view certificate_text() const noexcept {
        return {certificate.data(), certificate_len};
    }
    [[nodiscard]] std::string_view product_name() const noexcept {
        return {product.data(), product_len};
    }
    [[nodiscard]] std::string_view version_text() const noexcept {
        return {version.data(), version_len};
    }
};

struct ConversationCounters {
    std::uint64_t packets = 0;       // packets looked at (after routed copies)
    std::uint64_t counted = 0;       // ... that updated a row
    std::uint64_t not_crossing = 0;  // both ends inside, or both outside
    std::uint64_t no_endpoint = 0;   // multicast, broadcast, link-local, ...
    std::uint64_t icmp = 0;          // ICMP / ICMPv6: about other traffic, no row
    std::uint64_t new_rows = 0;
    std::uint64_t evictions = 0;       // rows taken from a full set (the oldest)
    std::uint64_t evictions_kept = 0;  // ... of which kept for the capture's end (keep_evicted)
    std::uint64_t recognised = 0;      // packets whose recognition was applied to a row
    std::uint64_t nat_views = 0;       // rows marked as another row's NAT view
};

}  // namespace daicho::collectors
