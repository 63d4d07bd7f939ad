#pragma once
// What the lower layers already know about a packet when an application decoder runs.
// Decoders read this and never re-parse lower layers.

#include <cstdint>

#include "daicho/collectors/observation.h"

namespace daicho::collectors {

namespace net {
class RelayedMessages;
}

enum class Transport : std::uint8_t { none, udp, tcp, icmp, icmpv6, other };

// TCP flag bits (RFC 9293 §3.1).
inline constexpr std::uint8_t kTcpFin = 0x01;
inline constexpr std::uint8_t kTcpSyn = 0x02;
inline constexpr std::uint8_t kTcpRst = 0x04;
inline constexpr std::uint8_t kTcpPsh = 0x08;
inline constexpr std::uint8_t kTcpAck = 0x10;

struct PacketContext {
    EvidenceRef evidence;  // carries ts and frame number
    std::uint16_t sensor = 0;

    bool has_l2 = false;  // false for raw-IP and loopback link types
    MacAddress src_mac;
    MacAddress dst_mac;
    std::uint16_t vlan = 0;        // innermost VID, 0 = untagged
    std::uint16_t outer_vlan = 0;  // S-VID with QinQ
    std::uint8_t vlan_depth = 0;   // tags seen (more than two are counted, not kept)
    std::uint16_t ethertype = 0;   // after VLAN tags; 0 for 802.3 frames with LLC

    IpAddress src_ip;  // family none when there is no IP layer
    IpAddress dst_ip;
    std::uint8_t ip_proto = 0;     // IPv4 protocol / IPv6 final next header
    std::uint8_t ttl = 0;          // IPv4 TTL / IPv6 hop limit
    std::uint32_t ip_id = 0;       // IPv4 identification / IPv6 flow label (routed copies)
    bool ip_fragment = false;      // a fragment: counted, not reassembled
    bool ip_later_fragment = false;  // not the first fragment: no L4 header here

    Transport transport = Transport::none;
    std::uint16_t src_port = 0;
    std::uint16_t dst_port = 0;
    std::uint8_t tcp_flags = 0;

    bool capture_cut = false;  // captured length < wire length

    // The frame decoder's table of messages that relay agents forward (DHCP), through which a
    // decoder recognises a relay's copy of a message already seen (net/relayed_messages.h).
    // Null when a decoder runs alone (unit tests, single-decoder fuzz targets): every copy then
    // keeps its facts.
    net::RelayedMessages* relayed = nullptr;

    // A station on this packet's link (its VLANs, its sensor): `mac` when `has_mac`, and `ip`.
    [[nodiscard]] Subject on_link(const MacAddress& mac, bool has_mac,
                                  const IpAddress& ip) const noexcept {
        Subject s;
        s.mac = mac;
        s.has_mac = has_mac;
        s.ip = ip;
        s.vlan = vlan;
        s.outer_vlan = outer_vlan;
        s.sensor = sensor;
        return s;
    }
    // The subject for facts about the sender, filled from what is known.
    [[nodiscard]] Subject sender() const noexcept { return on_link(src_mac, has_l2, src_ip); }
    // The destination as the packet states it (the called AE of an A-ASSOCIATE-RQ, the
    // receiving application of an HL7 message).
    [[nodiscard]] Subject receiver() const noexcept { return on_link(dst_mac, has_l2, dst_ip); }
};

}  // namespace daicho::collectors
