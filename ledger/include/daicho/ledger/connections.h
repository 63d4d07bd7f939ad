#pragma once
// External connection points (issue 13, Q10): every conversation between an inside address and
// an outside one, aggregated per {sensor, inside address, remote address, IP protocol, server
// port} from the collectors' conversation table, stored at each capture's merge (schema 014)
// and read through the snapshot (Snapshot::connections). The department of a point is its
// inside device's placement (ledger/departments.h), else its inside address's.
//
// The class of service: what a recogniser read from the bytes (collectors/service_class.h:
// vpn, ssl-vpn, remote-control, tunnel) wins; otherwise the server port decides the generic
// classes (service_by_port). SSH and Telnet opened from outside are remote maintenance.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "daicho/collectors/conversations.h"
#include "daicho/ledger/device.h"

namespace daicho::ledger {

// Every stored class, in the order a report lists them (the most exposed first). Their JA/EN
// labels are survey-mapper's (daicho/survey/words.h connection_class_word).
inline constexpr std::array<std::string_view, 9> kServiceClasses{
    "remote-control", "vpn", "ssl-vpn", "tunnel", "web", "dns", "ntp", "mail", "other"};

struct PortService {
    std::string_view service_class;  // a kServiceClasses id
    std::string_view protocol;       // "https", "dns" ...; "" when the port names none
};
// The generic class of a conversation no recogniser named, from its IP protocol, server port
// and opener (IANA service names registry for the ports).
[[nodiscard]] PortService service_by_port(std::uint8_t ip_proto, std::uint16_t server_port,
                                          collectors::Opener opener) noexcept;

// "Always on": a line that stays open or keeps re-opening. A session of an hour or more, or
// activity across eight hours or more with at least one session an hour on average. Why an
// hour: web and update traffic reconnects within minutes, while a vendor's IPsec tunnel or a
// remote-maintenance agent keeps one session (or re-keys into the next) for hours.
inline constexpr std::int64_t kAlwaysOnSessionUs = 3'600'000'000;
inline constexpr std::int64_t kAlwaysOnSpanUs = 8 * kAlwaysOnSessionUs;
[[nodiscard]] bool always_on(std::int64_t first_us, std::int64_t last_us, std::uint64_t sessions,
                             std::int64_t longest_us) noexcept;

// What the conversation table of one capture did (Writer::record_connections).
struct ConnectionTableSummary {
    std::uint64_t rows = 0;        // rows it held at the end
    std::uint64_t evictions = 0;   // rows dropped from full sets (counted, reported)
    bool plan_configured = false;  // the address plan decided inside (else RFC 1918/ULA)
};

struct ConnectionName {
    std::string source;  // "sni" | "certificate" | "dns"
    std::string name;    // as the wire sent it (escape on output)
};

// One stored point, with its department resolved.
struct ConnectionPoint {
    std::int64_t id = 0;
    std::int64_t domain = 0;
    std::string inside_address;
    std::int64_t inside_device_id = 0;  // 0: no device known (placed by inside_address)
    std::string inside_mac;
    std::string inside_name;  // the device's `name` annotation, else its first host name
    std::string gateway_mac;
    std::int64_t gateway_device_id = 0;  // 0: none (a raw-IP capture)
    std::string gateway_vendor;          // its IEEE organisation, "" unknown
    std::string remote_address;
    std::vector<ConnectionName> names;  // by source, then first seen
    int ip_proto = 0;
    int server_port = 0;
    int vlan = 0;
    std::string service_class;  // kServiceClasses
    std::string class_source;   // "bytes" (a recogniser) | "port"
    std::string protocol;
    std::string product;
    std::string version;
    std::string opener;  // "outside" (inbound), "inside", "unknown"
    std::int64_t first_seen_us = 0;
    std::int64_t last_seen_us = 0;
    std::uint64_t sessions = 0;
    std::uint64_t packets = 0;
    std::uint64_t bytes_out = 0;
    std::uint64_t bytes_in = 0;
    std::int64_t longest_us = 0;
    bool always_on = false;
    EvidenceEntry evidence;  // the first packet
    std::string department;  // "" when nothing places it
    std::string department_source;
    std::string site;

    [[nodiscard]] bool inbound() const noexcept { return opener == "outside"; }
};

struct ConnectionList {
    std::vector<ConnectionPoint> points;  // by id (survey-mapper groups them)
    // The address plan the snapshot reads with decided inside (else RFC 1918/ULA).
    bool plan_configured = false;
    std::uint64_t captures = 0;               // captures whose conversation table was on
    std::uint64_t captures_without_plan = 0;  // ... of which decided by RFC 1918/ULA
    std::uint64_t evictions = 0;              // rows lost to full tables, over all captures
};

}  // namespace daicho::ledger
