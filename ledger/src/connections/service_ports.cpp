// The generic class of a connection point no recogniser named, by its server port, and the
// always-on rule (ledger/connections.h).
// Refs: IANA Service Name and Transport Protocol Port Number Registry (the ports below);
//   RFC 9000 §1 (QUIC on udp/443), RFC 7858 §3.1 (DNS over TLS, tcp/853), RFC 8314 §3.3
//   (submission over TLS, tcp/465). SSH (RFC 4253) and Telnet (RFC 854) opened from outside
//   toward an inside host are remote maintenance (issue 13); opened from inside, other.

#include <algorithm>

#include "daicho/ledger/connections.h"

namespace daicho::ledger {

namespace {

constexpr std::uint8_t kTcp = 6;
constexpr std::uint8_t kUdp = 17;

struct PortRow {
    std::uint8_t ip_proto;
    std::uint16_t port;
    PortService service;
};

constexpr std::array<PortRow, 16> kPorts{{
    {kTcp, 80, {"web", "http"}},
    {kTcp, 443, {"web", "https"}},
    {kTcp, 8080, {"web", "http"}},
    {kTcp, 8443, {"web", "https"}},
    {kUdp, 443, {"web", "quic"}},
    {kUdp, 53, {"dns", "dns"}},
    {kTcp, 53, {"dns", "dns"}},
    {kTcp, 853, {"dns", "dns-over-tls"}},
    {kUdp, 123, {"ntp", "ntp"}},
    {kTcp, 25, {"mail", "smtp"}},
    {kTcp, 465, {"mail", "smtps"}},
    {kTcp, 587, {"mail", "submission"}},
    {kTcp, 110, {"mail", "pop3"}},
    {kTcp, 995, {"mail", "pop3s"}},
    {kTcp, 143, {"mail", "imap"}},
    {kTcp, 993, {"mail", "imaps"}},
}};

}  // namespace

PortService service_by_port(std::uint8_t ip_proto, std::uint16_t server_port,
                            collectors::Opener opener) noexcept {
    const bool inbound = opener == collectors::Opener::outside;
    if (ip_proto == kTcp && (server_port == 22 || server_port == 23)) {
        const std::string_view protocol = server_port == 22 ? "ssh" : "telnet";
        return {inbound ? "remote-control" : "other", protocol};
    }
    const auto* row = std::find_if(kPorts.begin(), kPorts.end(), [&](const PortRow& r) {
        return r.ip_proto == ip_proto && r.port == server_port;
    });
    if (row != kPorts.end()) {
        return row->service;
    }
    return {"other", ""};
}

bool always_on(std::int64_t first_us, std::int64_t last_us, std::uint64_t sessions,
               std::int64_t longest_us) noexcept {
    if (longest_us >= kAlwaysOnSessionUs) {
        return true;
    }
    const std::int64_t span = last_us - first_us;
    if (span < kAlwaysOnSpanUs || sessions == 0) {
        return false;
    }
    // At least one session an hour over the span, on average.
    const auto hours = static_cast<std::uint64_t>(span / kAlwaysOnSessionUs);
    return sessions >= hours;
}

}  // namespace daicho::ledger
