// daicho-stressgen: adversarial captures for the scaling benchmarks of issue 10 (history that
// grows with one device's values, floods of stations). Built on capgen's frame builder and
// pcap writer, so every frame is well formed and every checksum right.
//   daicho-stressgen names    N --out FILE   one MAC sends N DHCP Requests, each with another
//                                            host name (option 12): N - 1 name changes
//   daicho-stressgen versions N --out FILE   one HTTP server answers N requests, each with
//                                            another `Server: Apache/2.x.y`: N - 1 software
//                                            changes (plus the client's N requests)
//   daicho-stressgen mac-flood N --out FILE [--seed S] [--frame arp|syn]
//                                            N frames, each from another random unicast MAC
//                                            (arp: a who-has from a random 10/8 address;
//                                            syn: macof-style TCP SYN, random MACs and IPs)
// Same arguments => same bytes. Nothing in these captures is real.

#include <array>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <stdexcept>
#include <string>
#include <string_view>

#include "app_payloads.h"
#include "frame_builder.h"
#include "pcap_writer.h"
#include "rng.h"

namespace {

using namespace daicho::capgen;

constexpr const char* kUsage =
    "usage: daicho-stressgen names|versions|mac-flood N --out FILE [--seed S] [--frame arp|syn]\n";

constexpr std::int64_t kStartUs = 1709539200LL * 1000000;  // 2024-03-04 08:00:00 UTC
constexpr std::int64_t kSecondUs = 1000000;
constexpr std::uint16_t kArpRequest = 1;
constexpr std::uint16_t kArpReply = 2;

// A fixed locally administered station for the one-device captures (no vendor to guess).
constexpr Mac kStation{{0x02, 0x00, 0x5e, 0x10, 0x00, 0x01}};
constexpr Mac kPeer{{0x02, 0x00, 0x5e, 0x10, 0x00, 0x02}};
constexpr Ipv4 kStationIp = ipv4(10, 20, 0, 10);
constexpr Ipv4 kPeerIp = ipv4(10, 20, 0, 20);

struct Options {
    std::string mode;
    std::uint64_t count = 0;
    std::string out;
    std::uint64_t seed = 1;
    std::string frame = "arp";
};

std::uint64_t parse_count(const char* text) {
    std::size_t used = 0;
    std::uint64_t v = 0;
    try {
        v = std::stoull(text, &used, 10);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used == 0 || text[used] != '\0') {
        throw std::invalid_argument(std::string("not a number: ") + text);
    }
    return v;
}

Options parse(int argc, char** argv) {
    if (argc < 3) {
        throw std::invalid_argument("mode and N are required");
    }
    Options o;
    o.mode = argv[1];
    o.count = parse_count(argv[2]);
    for (int i = 3; i < argc; ++i) {
        const std::string_view a = argv[i];
        if (i + 1 >= argc) {
            throw std::invalid_argument(std::string(a) + " needs a value");
        }
        const char* v = argv[++i];
        if (a == "--out") {
            o.out = v;
        } else if (a == "--seed") {
            o.seed = parse_count(v);
        } else if (a == "--frame") {
            o.frame = v;
        } else {
            throw std::invalid_argument(std::string("unknown option ") + std::string(a));
        }
    }
    if (o.out.empty()) {
        throw std::invalid_argument("--out is required");
    }
    if (o.mode != "names" && o.mode != "versions" && o.mode != "mac-flood") {
        throw std::invalid_argument("unknown mode " + o.mode);
    }
    if (o.frame != "arp" && o.frame != "syn") {
        throw std::invalid_argument("--frame must be arp or syn");
    }
    return o;
}

// DHCPREQUEST from an address the station already holds (renewal, RFC 2131 §4.3.2), one
// new host name each time, a second apart.
void write_names(PcapWriter& out, std::uint64_t n) {
    FrameBuilder b;
    char name[32];
    for (std::uint64_t i = 0; i < n; ++i) {
        std::snprintf(name, sizeof name, "ward-pc-%07llu", static_cast<unsigned long long>(i));
        DhcpMessage m;
        m.type = DhcpType::request;
        m.xid = static_cast<std::uint32_t>(0x5a000000U + i);
        m.chaddr = kStation;
        m.ciaddr = kStationIp;
        m.hostname = name;
        m.vendor_class = "MSFT 5.0";
        b.ethernet(kPeer, kStation, 0, kEtherIpv4);
        b.ipv4(kStationIp, kPeerIp, kProtoUdp, 128, static_cast<std::uint16_t>(i));
        b.udp(68, 67);
        dhcp(b, m);
        out.write(kStartUs + static_cast<std::int64_t>(i) * kSecondUs, b.finish(), false);
    }
}

// Two ARP frames, then one HTTP exchange per version, each on its own client port: request
// then response, data segments only (the first-bytes table probes a stream's first data without a handshake).
void write_versions(PcapWriter& out, std::uint64_t n) {
    FrameBuilder b;
    char head[128];
    constexpr std::string_view kRequest =
        "GET / HTTP/1.1\r\nHost: pacs-web.hospital.example\r\nUser-Agent: curl/7.88.1\r\n\r\n";
    // ARP first: both stations hold their addresses, so the server's answers are about
    // itself (facts from an address a device does not hold are never compared).
    b.ethernet(kBroadcastMac, kPeer, 0, kEtherArp);
    b.arp(kArpRequest, kPeer, kPeerIp, kZeroMac, kStationIp);
    out.write(kStartUs - 2000, b.finish(), false);
    b.ethernet(kPeer, kStation, 0, kEtherArp);
    b.arp(kArpReply, kStation, kStationIp, kPeer, kPeerIp);
    out.write(kStartUs - 1000, b.finish(), false);
    for (std::uint64_t i = 0; i < n; ++i) {
        const auto sport = static_cast<std::uint16_t>(20000 + i % 40000);
        const auto cseq = static_cast<std::uint32_t>(1000 + i * 7919);
        const auto sseq = static_cast<std::uint32_t>(500000 + i * 104729);
        const std::int64_t ts = kStartUs + static_cast<std::int64_t>(i) * kSecondUs;
        b.ethernet(kStation, kPeer, 0, kEtherIpv4);
        b.ipv4(kPeerIp, kStationIp, kProtoTcp, 64, static_cast<std::uint16_t>(2 * i));
        b.tcp(sport, 80, cseq, sseq, kPsh | kAck, 64240);
        b.text(kRequest);
        out.write(ts, b.finish(), false);

        const int len = std::snprintf(
            head, sizeof head,
            "HTTP/1.1 200 OK\r\nServer: Apache/2.%llu.%llu\r\nContent-Length: 0\r\n\r\n",
            static_cast<unsigned long long>(4 + i / 1000), static_cast<unsigned long long>(i % 1000));
        b.ethernet(kPeer, kStation, 0, kEtherIpv4);
        b.ipv4(kStationIp, kPeerIp, kProtoTcp, 64, static_cast<std::uint16_t>(2 * i + 1));
        b.tcp(80, sport, sseq, cseq + static_cast<std::uint32_t>(kRequest.size()), kPsh | kAck,
              65160);
        b.text(std::string_view(head, static_cast<std::size_t>(len)));
        out.write(ts + 1000, b.finish(), false);
    }
}

Mac random_unicast(Rng& rng) noexcept {
    Mac m;
    for (auto& byte : m.b) {
        byte = rng.byte();
    }
    m.b[0] = static_cast<std::uint8_t>(m.b[0] & 0xfeU);  // I/G bit clear: unicast
    return m;
}

// Every frame from another random MAC, 10 µs apart (100,000 frames/s, what a flooding tool
// on one port reaches easily).
void write_flood(PcapWriter& out, std::uint64_t n, std::uint64_t seed, bool syn) {
    FrameBuilder b;
    Rng rng(seed);
    for (std::uint64_t i = 0; i < n; ++i) {
        const Mac src = random_unicast(rng);
        const std::int64_t ts = kStartUs + static_cast<std::int64_t>(i) * 10;
        if (syn) {  // macof (dsniff): random MACs, random IPs, TCP SYN
            const Mac dst = random_unicast(rng);
            const auto sip = static_cast<Ipv4>(rng.next());
            const auto dip = static_cast<Ipv4>(rng.next());
            b.ethernet(dst, src, 0, kEtherIpv4);
            b.ipv4(sip, dip, kProtoTcp, 64, static_cast<std::uint16_t>(i));
            b.tcp(static_cast<std::uint16_t>(rng.next()), static_cast<std::uint16_t>(rng.next()),
                  static_cast<std::uint32_t>(rng.next()), 0, kSyn, 512);
        } else {
            const Ipv4 spa = ipv4(10, rng.byte(), rng.byte(), static_cast<std::uint8_t>(1 + rng.below(254)));
            b.ethernet(kBroadcastMac, src, 0, kEtherArp);
            b.arp(kArpRequest, src, spa, kZeroMac, ipv4(10, 0, 0, 1));
        }
        out.write(ts, b.finish(), false);
    }
}

}  // namespace

int main(int argc, char** argv) {
    try {
        const Options o = parse(argc, argv);
        PcapWriter out(o.out, 0);
        if (o.mode == "names") {
            write_names(out, o.count);
        } else if (o.mode == "versions") {
            write_versions(out, o.count);
        } else {
            write_flood(out, o.count, o.seed, o.frame == "syn");
        }
        out.close();
        std::fprintf(stderr, "daicho-stressgen: %s: %llu frames\n", o.out.c_str(),
                     static_cast<unsigned long long>(out.frames()));
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "daicho-stressgen: %s\n%s", e.what(), kUsage);
        return 2;
    }
}
