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
    } else {
        frame.clear();  // unknown folder: the file is a whole Ethernet frame
    }
    frame.insert(frame.end(), input.begin(), input.end());
    return frame;
}

}  // namespace daicho::test::fuzz
