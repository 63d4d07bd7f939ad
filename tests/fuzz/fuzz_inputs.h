#pragma once
// How fuzz inputs map onto frames, shared by the fuzz targets, the seed writer and the
// regression replay test (tests/collectors/fuzz_regression_test.cpp), so a crash input kept
// under regressions/<target>/ replays exactly as the fuzzer saw it.
//
//   frame/  byte 0 selects the link type (kFuzzLinks[byte % size]); the rest is the frame.
//   arp/    the ARP packet (after the EtherType); replay puts an Ethernet header in front.
//   ndp/    the ICMPv6 message; replay puts Ethernet + IPv6 (fe80::1 -> ff02::1, hop limit
//           255) in front, the same context fuzz_ndp builds.

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string_view>
#include <vector>

#include "daicho/collectors/frame.h"
#include "daicho/collectors/packet_context.h"

namespace daicho::test::fuzz {

inline constexpr std::array<collectors::LinkType, 8> kFuzzLinks{
    collectors::LinkType::ethernet, collectors::LinkType::linux_sll,
    collectors::LinkType::linux_sll2, collectors::LinkType::null,
    collectors::LinkType::loop,      collectors::LinkType::raw,
    collectors::LinkType::raw_dlt12, static_cast<collectors::LinkType>(147),  // unknown
};

inline collectors::LinkType link_for(std::uint8_t selector) noexcept {
    return kFuzzLinks.at(selector % kFuzzLinks.size());
}
inline std::uint8_t selector_for(collectors::LinkType link) noexcept {
    for (std::size_t i = 0; i < kFuzzLinks.size(); ++i) {
        if (kFuzzLinks.at(i) == link) {
            return static_cast<std::uint8_t>(i);
        }
    }
    return 0;
}

inline constexpr std::array<std::uint8_t, 16> kFe80One{0xfe, 0x80, 0, 0, 0, 0, 0, 0,
                                                       0,    0,    0, 0, 0, 0, 0, 1};
inline constexpr std::array<std::uint8_t, 16> kAllNodes{0xff, 0x02, 0, 0, 0, 0, 0, 0,
                                                        0,    0,    0, 0, 0, 0, 0, 1};

// The fixed context of fuzz_arp: an untagged Ethernet frame on sensor 1.
inline collectors::PacketContext arp_context() noexcept {
    collectors::PacketContext ctx;
    ctx.sensor = 1;
    ctx.has_l2 = true;
    ctx.src_mac.octets = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55};
    ctx.dst_mac.octets = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    ctx.ethertype = 0x0806;
    return ctx;
}

// The fixed context of fuzz_ndp: ICMPv6 from fe80::1 to ff02::1 with hop limit 255.
inline collectors::PacketContext ndp_context() noexcept {
    collectors::PacketContext ctx = arp_context();
    ctx.ethertype = 0x86dd;
    ctx.src_ip = collectors::IpAddress::v6(kFe80One);
    ctx.dst_ip = collectors::IpAddress::v6(kAllNodes);
    ctx.ip_proto = 58;
    ctx.ttl = 255;
    ctx.transport = collectors::Transport::icmpv6;
    return ctx;
}

// How each application decoder's fuzz input is wrapped into a frame that FrameDecoder walks to
// that decoder (registry.cpp matches): an EtherType, SNAP, or IPv4/IPv6 + UDP/TCP port.
enum class WrapKind : std::uint8_t { ethertype, snap, udp4, udp6, tcp, ip4 };
struct Wrap {
    std::string_view target;
    WrapKind kind;
    std::uint16_t value;  // EtherType, SNAP PID, destination port, or IP protocol (ip4)
    std::uint16_t src_port = 40000;
};
inline constexpr std::array<Wrap, 34> kWraps{{
    {"lldp", WrapKind::ethertype, 0x88cc},  {"cdp", WrapKind::snap, 0x2000},
    {"dhcp", WrapKind::udp4, 67, 68},       {"dhcpv6", WrapKind::udp6, 547, 546},
    {"snmp", WrapKind::udp4, 161},          {"dns", WrapKind::udp4, 53},
    {"mdns", WrapKind::udp4, 5353, 5353},   {"llmnr", WrapKind::udp4, 5355},
    {"ssdp", WrapKind::udp4, 1900},         {"nbns", WrapKind::udp4, 137, 137},
    {"browser", WrapKind::udp4, 138, 138},  {"tls", WrapKind::tcp, 443},
    {"ssh", WrapKind::tcp, 22},             {"http", WrapKind::tcp, 80},
    {"smb", WrapKind::tcp, 445},            {"dcerpc", WrapKind::tcp, 135},
    {"dicom", WrapKind::tcp, 104},          {"hl7", WrapKind::tcp, 2575},
    {"intellivue", WrapKind::udp4, 24005, 24005},
    // Connection points (issue 13).
    {"ike", WrapKind::udp4, 500, 500},          {"ike_nat_t", WrapKind::udp4, 4500, 4500},
    {"esp_udp", WrapKind::udp4, 4500, 4500},    {"esp", WrapKind::ip4, 50},
    {"gre", WrapKind::ip4, 47},                 {"l2tp", WrapKind::udp4, 1701, 1701},
    {"openvpn", WrapKind::udp4, 1194},          {"openvpn_udp", WrapKind::udp4, 33333},
    {"wireguard", WrapKind::udp4, 51820},       {"teamviewer_udp", WrapKind::udp4, 5938},
    {"rdp", WrapKind::tcp, 3389},               {"vnc", WrapKind::tcp, 5900},
    {"pptp", WrapKind::tcp, 1723},              {"teamviewer", WrapKind::tcp, 5938},
    {"openvpn_tcp", WrapKind::tcp, 1194},
}};

inline const Wrap* wrap_for(std::string_view target) noexcept {
    for (const auto& w : kWraps) {
        if (w.target == target) {
            return &w;
        }
    }
    return nullptr;
}

// Appends the headers in front of `payload_len` payload bytes (Ethernet header included).
inline void put_wrapper(std::vector<std::byte>& f, const Wrap& w, std::size_t payload_len) {
    const auto put8 = [&f](unsigned v) { f.push_back(static_cast<std::byte>(v & 0xFFU)); };
    const auto put16 = [&put8](unsigned v) {
        put8(v >> 8U);
        put8(v);
    };
    if (w.kind == WrapKind::snap) {  // 802.3 length + LLC SNAP, Cisco OUI
        put16(static_cast<unsigned>(payload_len + 8));
        for (unsigned b : {0xaaU, 0xaaU, 0x03U, 0x00U, 0x00U, 0x0cU}) {
            put8(b);
        }
        put16(w.value);
        return;
    }
    if (w.kind == WrapKind::ethertype) {
        put16(w.value);
        return;
    }
    const std::size_t l4 = w.kind == WrapKind::tcp ? 20 : w.kind == WrapKind::ip4 ? 0 : 8;
    if (w.kind == WrapKind::udp6) {
        put16(0x86dd);
        put16(0x6000);
        put16(0);
        put16(static_cast<unsigned>(l4 + payload_len));
        put8(17);
        put8(64);
        for (auto b : kFe80One) {
            put8(b);
        }
        for (unsigned i = 0; i < 16; ++i) {
            put8(i == 0 ? 0xfe : i == 1 ? 0x80 : i == 15 ? 2 : 0);
        }
    } else {
        put16(0x0800);
        put16(0x4500);
        put16(static_cast<unsigned>(20 + l4 + payload_len));
        put16(0);
        put16(0x4000);  // DF
        put8(64);
        put8(w.kind == WrapKind::tcp ? 6 : w.kind == WrapKind::ip4 ? w.value : 17);
        put16(0);
        for (unsigned b : {10U, 0U, 0U, 1U, 10U, 0U, 0U, 2U}) {
            put8(b);
        }
    }
    if (w.kind == WrapKind::ip4) {
        return;  // no transport header: the input is the IP payload
    }
    put16(w.src_port);
    put16(w.value);
    if (w.kind == WrapKind::tcp) {
        put16(0x0000);
        put16(0x0001);  // seq
        put16(0x0000);
        put16(0x0001);  // ack
        put16(0x5018);  // data offset 5, PSH|ACK
        put16(0xffff);
        put16(0);
        put16(0);
    } else {
        put16(static_cast<unsigned>(8 + payload_len));
        put16(0);
    }
}

// A frame that FrameDecoder walks to the same decoder input with the same context.
inline std::vector<std::byte> frame_for(std::string_view target, std::span<const std::byte> input,
                                        collectors::LinkType& link) {
    std::vector<std::byte> frame;
    const auto put = [&frame](std::initializer_list<std::uint8_t> bytes) {
        for (auto b : bytes) {
            frame.push_back(static_cast<std::byte>(b));
        }
    };
    link = collectors::LinkType::ethernet;
    if (target == "frame") {
        if (input.empty()) {
            return frame;
        }
        link = link_for(static_cast<std::uint8_t>(input.front()));
        frame.assign(input.begin() + 1, input.end());
        return frame;
    }
    put({0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55});
    if (target == "arp") {
        put({0x08, 0x06});
    } else if (target == "ndp") {
        const std::size_t n = input.size() > 0xFFFF ? 0xFFFF : input.size();
        input = input.first(n);
        put({0x86, 0xdd, 0x60, 0, 0, 0, static_cast<std::uint8_t>(n >> 8U),
             static_cast<std::uint8_t>(n & 0xFFU), 58, 255});
        for (auto b : kFe80One) {
            put({b});
        }
        for (auto b : kAllNodes) {
            put({b});
        }
    } else if (const auto* w = wrap_for(target)) {
        const std::size_t l4 = w->kind == WrapKind::tcp ? 20 : w->kind == WrapKind::ip4 ? 0 : 8;
        const std::size_t room = 0xFFFF - 40 - l4;
        input = input.first(input.size() < room ? input.size() : room);
        put_wrapper(frame, *w, input.size());
    } else {
        frame.clear();  // unknown folder: the file is a whole Ethernet frame
    }
    frame.insert(frame.end(), input.begin(), input.end());
    return frame;
}

}  // namespace daicho::test::fuzz
