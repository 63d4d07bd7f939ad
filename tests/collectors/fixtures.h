#pragma once
// Frame fixtures shared by the byte-vector tests, the truncation sweep and the fuzz seed
// writer. Each is annotated field by field; `payload_offset` is where the bytes of the
// fixture's application decoder start (the input of fuzz_<proto>), 0 when there is none.

#include <array>
#include <cstddef>
#include <string_view>

#include "daicho/collectors/frame.h"
#include "fixture_type.h"

namespace daicho::test::fixtures {


// Ethernet II, ARP request (RFC 826) with the minimum-frame padding.
inline constexpr std::string_view kArpRequest = R"(
ff ff ff ff ff ff   # Ethernet dst: broadcast
00 11 22 33 44 55   # Ethernet src
08 06               # EtherType ARP
00 01               # ar$hrd Ethernet
08 00               # ar$pro IPv4
06 04               # ar$hln 6, ar$pln 4
00 01               # ar$op request
00 11 22 33 44 55   # ar$sha
c0 a8 01 0a         # ar$spa 192.168.1.10
00 00 00 00 00 00   # ar$tha (unknown)
c0 a8 01 01         # ar$tpa 192.168.1.1
00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00   # padding to 60
)";

// ARP reply from a proxy-ish box: Ethernet source differs from ar$sha.
inline constexpr std::string_view kArpReply = R"(
00 11 22 33 44 55   # Ethernet dst
02 00 00 00 00 99   # Ethernet src (not the sender hardware address)
08 06               # EtherType ARP
00 01 08 00 06 04   # Ethernet/IPv4, 6/4
00 02               # ar$op reply
00 aa bb cc dd ee   # ar$sha
c0 a8 01 01         # ar$spa 192.168.1.1
00 11 22 33 44 55   # ar$tha
c0 a8 01 0a         # ar$tpa 192.168.1.10
)";

// RFC 5227 probe: sender 0.0.0.0 binds nothing.
inline constexpr std::string_view kArpProbe = R"(
ff ff ff ff ff ff 00 11 22 33 44 55 08 06   # Ethernet, ARP
00 01 08 00 06 04 00 01                     # request
00 11 22 33 44 55   # ar$sha
00 00 00 00         # ar$spa 0.0.0.0 (probe)
00 00 00 00 00 00   # ar$tha
c0 a8 01 0a         # ar$tpa 192.168.1.10
)";

// QinQ: S-tag VID 100 (0x88a8), C-tag VID 20 (0x8100), then an ARP reply.
inline constexpr std::string_view kArpQinq = R"(
00 11 22 33 44 55 00 aa bb cc dd ee   # Ethernet dst, src
88 a8 a0 64         # TPID 802.1ad, PCP 5, VID 100
81 00 00 14         # TPID 802.1Q, VID 20
08 06               # EtherType ARP
00 01 08 00 06 04 00 02                     # reply
00 aa bb cc dd ee   # ar$sha
0a 14 00 01         # ar$spa 10.20.0.1
00 11 22 33 44 55   # ar$tha
0a 14 00 63         # ar$tpa 10.20.0.99
)";

// IPv6 NS from fe80::211:22ff:fe33:4455 asking for fe80::1, with an SLLA option.
inline constexpr std::string_view kNdpNs = R"(
33 33 ff 00 00 01 00 11 22 33 44 55 86 dd   # Ethernet, IPv6
60 00 00 00         # version 6
00 20               # payload length 32
3a ff               # next header ICMPv6, hop limit 255
fe 80 00 00 00 00 00 00 02 11 22 ff fe 33 44 55   # src fe80::211:22ff:fe33:4455
ff 02 00 00 00 00 00 00 00 00 00 01 ff 00 00 01   # dst ff02::1:ff00:1
87 00 00 00         # NS, code 0, checksum (not checked)
00 00 00 00         # reserved
fe 80 00 00 00 00 00 00 00 00 00 00 00 00 00 01   # target fe80::1
01 01 00 11 22 33 44 55                           # SLLA 00:11:22:33:44:55
)";

// NA from the router: target fe80::1 at 00:aa:bb:cc:dd:ee (R, S, O set).
inline constexpr std::string_view kNdpNa = R"(
00 11 22 33 44 55 00 aa bb cc dd ee 86 dd   # Ethernet, IPv6
60 00 00 00 00 20 3a ff                     # payload 32, ICMPv6, hop limit 255
fe 80 00 00 00 00 00 00 00 00 00 00 00 00 00 01   # src fe80::1
fe 80 00 00 00 00 00 00 02 11 22 ff fe 33 44 55   # dst fe80::211:22ff:fe33:4455
88 00 00 00         # NA, code 0, checksum
e0 00 00 00         # R S O flags
fe 80 00 00 00 00 00 00 00 00 00 00 00 00 00 01   # target fe80::1
02 01 00 aa bb cc dd ee                           # TLLA 00:aa:bb:cc:dd:ee
)";

// RA from fe80::1 with SLLA, MTU and prefix information options.
inline constexpr std::string_view kNdpRa = R"(
33 33 00 00 00 01 00 aa bb cc dd ee 86 dd   # Ethernet, IPv6
60 00 00 00 00 40 3a ff                     # payload 64, ICMPv6, hop limit 255
fe 80 00 00 00 00 00 00 00 00 00 00 00 00 00 01   # src fe80::1
ff 02 00 00 00 00 00 00 00 00 00 00 00 00 00 01   # dst ff02::1
86 00 00 00         # RA, code 0, checksum
40 00 07 08         # cur hop limit 64, flags, router lifetime 1800
00 00 00 00 00 00 00 00                           # reachable time, retrans timer
01 01 00 aa bb cc dd ee                           # SLLA 00:aa:bb:cc:dd:ee
05 01 00 00 00 00 05 dc                           # MTU 1500
03 04 40 c0 ff ff ff ff ff ff ff ff 00 00 00 00   # prefix info /64, L A, lifetimes
20 01 0d b8 00 00 00 01 00 00 00 00 00 00 00 00   # prefix 2001:db8:0:1::
)";

// RS from a host with its SLLA.
inline constexpr std::string_view kNdpRs = R"(
33 33 00 00 00 02 00 11 22 33 44 55 86 dd   # Ethernet, IPv6
60 00 00 00 00 10 3a ff                     # payload 16, ICMPv6, hop limit 255
fe 80 00 00 00 00 00 00 02 11 22 ff fe 33 44 55   # src fe80::211:22ff:fe33:4455
ff 02 00 00 00 00 00 00 00 00 00 00 00 00 00 02   # dst ff02::2
85 00 00 00 00 00 00 00                           # RS, code 0, checksum, reserved
01 01 00 11 22 33 44 55                           # SLLA
)";

// DAD: NS from :: to the solicited-node group of the tentative address. Binds nothing.
inline constexpr std::string_view kNdpDad = R"(
33 33 ff 33 44 55 00 11 22 33 44 55 86 dd   # Ethernet, IPv6
60 00 00 00 00 18 3a ff                     # payload 24, ICMPv6, hop limit 255
00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00   # src ::
ff 02 00 00 00 00 00 00 00 00 00 01 ff 33 44 55   # dst ff02::1:ff33:4455
87 00 00 00 00 00 00 00                           # NS, code 0, checksum, reserved
fe 80 00 00 00 00 00 00 02 11 22 ff fe 33 44 55   # target (tentative)
)";

// IPv4 TCP SYN to port 443 with an MSS option; 2 bytes of Ethernet padding.
inline constexpr std::string_view kIpv4TcpSyn = R"(
00 aa bb cc dd ee 00 11 22 33 44 55 08 00   # Ethernet, IPv4
45 00 00 2c         # version 4, IHL 5, total length 44
12 34 40 00         # identification, DF, offset 0
40 06 00 00         # TTL 64, protocol TCP, checksum (not checked)
c0 a8 01 0a         # src 192.168.1.10
c0 a8 01 01         # dst 192.168.1.1
c0 00 01 bb         # src port 49152, dst port 443
00 00 00 01 00 00 00 00   # seq, ack
60 02 ff ff         # data offset 6, SYN, window
00 00 00 00         # checksum, urgent pointer
02 04 05 b4         # MSS 1460
00 00               # Ethernet padding
)";

// IPv4 UDP 68 -> 67 (a DHCP-like datagram) from 0.0.0.0 to broadcast, padded.
inline constexpr std::string_view kIpv4Udp = R"(
ff ff ff ff ff ff 00 11 22 33 44 55 08 00   # Ethernet, IPv4
45 00 00 24 00 01 00 00 80 11 00 00         # total length 36, TTL 128, UDP
00 00 00 00 ff ff ff ff                     # 0.0.0.0 -> 255.255.255.255
00 44 00 43 00 10 00 00                     # 68 -> 67, length 16
01 01 06 00 de ad be ef                     # 8 payload bytes
00 00 00 00 00 00 00 00 00 00               # Ethernet padding
)";

// 802.1Q VID 10 carrying IPv4 UDP with IP options (IHL 6).
inline constexpr std::string_view kVlanIpv4Options = R"(
00 aa bb cc dd ee 00 11 22 33 44 55   # Ethernet dst, src
81 00 20 0a 08 00                     # 802.1Q PCP 1, VID 10; IPv4
46 00 00 24 00 02 00 00 40 11 00 00   # IHL 6, total length 36, UDP
0a 00 00 05 0a 00 00 06               # 10.0.0.5 -> 10.0.0.6
94 04 00 00                           # option: router alert
30 39 00 09 00 0c 00 00               # 12345 -> 9 (discard), length 12
30 0a 02 01                           # 4 payload bytes
)";

// IPv6 Hop-by-Hop + Destination Options + UDP 546 -> 547.
inline constexpr std::string_view kIpv6ExtUdp = R"(
33 33 00 01 00 02 00 11 22 33 44 55 86 dd   # Ethernet, IPv6
60 00 00 00 00 1c 00 01                     # payload 28, next Hop-by-Hop, hop limit 1
fe 80 00 00 00 00 00 00 02 11 22 ff fe 33 44 55   # src
ff 02 00 00 00 00 00 00 00 00 00 00 00 01 00 02   # dst ff02::1:2
3c 00 01 04 00 00 00 00   # Hop-by-Hop: next Destination Options, len 0, PadN
11 00 01 04 00 00 00 00   # Destination Options: next UDP, len 0, PadN
02 22 02 23 00 0c 00 00   # UDP 546 -> 547, length 12
01 00 00 01               # payload
)";

// IPv6 first fragment (M = 1) of a UDP datagram: ports read, no dispatch.
inline constexpr std::string_view kIpv6FirstFragment = R"(
00 aa bb cc dd ee 00 11 22 33 44 55 86 dd   # Ethernet, IPv6
60 00 00 00 00 18 2c 40                     # payload 24, next Fragment, hop limit 64
20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01   # src 2001:db8::1
20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 02   # dst 2001:db8::2
11 00 00 01 00 00 ab cd   # Fragment: next UDP, offset 0, M = 1, identification
12 34 00 35 01 00 00 00   # UDP 4660 -> 53, length 256 (rest in later fragments)
00 01 02 03 04 05 06 07   # first data bytes
)";

// IPv4 later fragment (offset 1480): no L4 header.
inline constexpr std::string_view kIpv4LaterFragment = R"(
00 aa bb cc dd ee 00 11 22 33 44 55 08 00   # Ethernet, IPv4
45 00 00 1c 00 07 00 b9   # total length 28, offset 185 * 8
40 11 00 00 c0 a8 01 0a c0 a8 01 01         # TTL 64, UDP, 192.168.1.10 -> .1
de ad be ef de ad be ef   # fragment data
00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00   # padding
)";

// IEEE 802.3 + LLC + SNAP OUI 00000c PID 2000 (CDP); the padding lies past the length.
inline constexpr std::string_view kLlcSnapCdp = R"(
01 00 0c cc cc cc 00 11 22 33 44 55   # Ethernet dst (CDP multicast), src
00 14               # 802.3 length 20
aa aa 03            # LLC DSAP/SSAP SNAP, UI
00 00 0c 20 00      # SNAP OUI Cisco, PID CDP
02 b4 00 00         # CDP version 2, TTL 180, checksum
00 01 00 08 53 57 30 31   # TLV Device ID "SW01"
00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00   # padding
)";

// IEEE 802.3 + LLC SAP 0x42 (STP configuration BPDU): LLC only, nothing dispatched.
inline constexpr std::string_view kLlcStp = R"(
01 80 c2 00 00 00 00 11 22 33 44 55   # Ethernet dst (bridge group), src
00 26               # 802.3 length 38
42 42 03            # LLC DSAP/SSAP STP, UI
00 00 00 00 00      # protocol id, version, BPDU type, flags
80 00 00 11 22 33 44 55   # root id
00 00 00 00               # root path cost
80 00 00 11 22 33 44 55   # bridge id
80 01 00 00 14 00 02 00 0f 00   # port id, ages, hello, forward delay
00 00 00 00 00 00 00 00   # padding
)";

// Linux cooked v1 carrying the ARP reply.
inline constexpr std::string_view kSllArp = R"(
00 00               # packet type: to us
00 01               # ARPHRD_ETHER
00 06               # address length 6
00 aa bb cc dd ee 00 00   # address (source MAC), padded to 8
08 06               # protocol ARP
00 01 08 00 06 04 00 02   # ARP reply
00 aa bb cc dd ee c0 a8 01 01   # ar$sha, ar$spa 192.168.1.1
00 11 22 33 44 55 c0 a8 01 0a   # ar$tha, ar$tpa
)";

// Linux cooked v2 carrying the NA.
inline constexpr std::string_view kSll2Na = R"(
86 dd 00 00         # protocol IPv6, reserved
00 00 00 02         # interface index 2
00 01 00 06         # ARPHRD_ETHER, packet type host, address length 6
00 aa bb cc dd ee 00 00   # address
60 00 00 00 00 20 3a ff
fe 80 00 00 00 00 00 00 00 00 00 00 00 00 00 01   # src fe80::1
fe 80 00 00 00 00 00 00 02 11 22 ff fe 33 44 55   # dst
88 00 00 00 e0 00 00 00   # NA, R S O
fe 80 00 00 00 00 00 00 00 00 00 00 00 00 00 01   # target fe80::1
02 01 00 aa bb cc dd ee   # TLLA
)";

// BSD NULL, AF_INET in little-endian host order, IPv4 UDP 5353 on loopback.
inline constexpr std::string_view kNullIpv4Udp = R"(
02 00 00 00         # AF_INET (2), host byte order (little endian)
45 00 00 20 00 03 00 00 ff 11 00 00   # total length 32, TTL 255, UDP
7f 00 00 01 7f 00 00 01               # 127.0.0.1 -> 127.0.0.1
30 39 00 09 00 0c 00 00               # 12345 -> 9 (discard), length 12
00 00 00 00                           # payload
)";

// OpenBSD LOOP, AF_INET6 (24) in network order, carrying the RS.
inline constexpr std::string_view kLoopIpv6Rs = R"(
00 00 00 18         # AF_INET6 (24), network byte order
60 00 00 00 00 10 3a ff
fe 80 00 00 00 00 00 00 02 11 22 ff fe 33 44 55   # src
ff 02 00 00 00 00 00 00 00 00 00 00 00 00 00 02   # dst ff02::2
85 00 00 00 00 00 00 00 01 01 00 11 22 33 44 55   # RS + SLLA
)";

// Raw IPv4 (LINKTYPE_RAW): the TCP SYN without a link header.
inline constexpr std::string_view kRawIpv4Tcp = R"(
45 00 00 2c 12 34 40 00 40 06 00 00   # IPv4, total length 44, TCP
c0 a8 01 0a c0 a8 01 01               # 192.168.1.10 -> 192.168.1.1
c0 00 01 bb 00 00 00 01 00 00 00 00   # 49152 -> 443
60 12 ff ff 00 00 00 00               # data offset 6, SYN+ACK
02 04 05 b4                           # MSS
)";

inline constexpr std::array<FrameFixture, 22> kCoreFrames{{
    {"arp_request", collectors::LinkType::ethernet, "arp", 14, kArpRequest},
    {"arp_reply", collectors::LinkType::ethernet, "arp", 14, kArpReply},
    {"arp_probe", collectors::LinkType::ethernet, "arp", 14, kArpProbe},
    {"arp_qinq", collectors::LinkType::ethernet, "arp", 22, kArpQinq},
    {"ndp_ns", collectors::LinkType::ethernet, "ndp", 54, kNdpNs},
    {"ndp_na", collectors::LinkType::ethernet, "ndp", 54, kNdpNa},
    {"ndp_ra", collectors::LinkType::ethernet, "ndp", 54, kNdpRa},
    {"ndp_rs", collectors::LinkType::ethernet, "ndp", 54, kNdpRs},
    {"ndp_dad", collectors::LinkType::ethernet, "ndp", 54, kNdpDad},
    {"ipv4_tcp_syn", collectors::LinkType::ethernet, "frame", 0, kIpv4TcpSyn},
    {"ipv4_udp", collectors::LinkType::ethernet, "frame", 0, kIpv4Udp},
    {"vlan_ipv4_options", collectors::LinkType::ethernet, "frame", 0, kVlanIpv4Options},
    {"ipv6_ext_udp", collectors::LinkType::ethernet, "frame", 0, kIpv6ExtUdp},
    {"ipv6_first_fragment", collectors::LinkType::ethernet, "frame", 0, kIpv6FirstFragment},
    {"ipv4_later_fragment", collectors::LinkType::ethernet, "frame", 0, kIpv4LaterFragment},
    {"llc_snap_cdp", collectors::LinkType::ethernet, "frame", 0, kLlcSnapCdp},
    {"llc_stp", collectors::LinkType::ethernet, "frame", 0, kLlcStp},
    {"sll_arp", collectors::LinkType::linux_sll, "arp", 16, kSllArp},
    {"sll2_na", collectors::LinkType::linux_sll2, "ndp", 60, kSll2Na},
    {"null_ipv4_udp", collectors::LinkType::null, "frame", 0, kNullIpv4Udp},
    {"loop_ipv6_rs", collectors::LinkType::loop, "ndp", 44, kLoopIpv6Rs},
    {"raw_ipv4_tcp", collectors::LinkType::raw, "frame", 0, kRawIpv4Tcp},
}};

}  // namespace daicho::test::fixtures
