// Google Benchmark of collectors::FrameDecoder::decode (frame_decoder.h) over representative
// frames built with the capture generator's FrameBuilder: bulk Ethernet/IPv4/TCP (the bulk of
// hospital traffic, which must cost next to nothing), 802.1Q/IPv4/UDP (DNS), ARP, NDP NA,
// DHCP DISCOVER and LLDP (the identity frames, which produce observations), and a mix in
// the hospital profile's proportions. The conversation table (issue 13): bulk TCP between
// inside hosts and 4096 outside addresses (every frame updates a row), and a new outside
// address every frame (every frame creates a row and, past the table's size, evicts one).
//   daicho_bench_collectors [--benchmark_filter=...]

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "daicho/collectors/frame.h"
#include "daicho/collectors/frame_decoder.h"
#include "daicho/collectors/observation.h"
#include "daicho/collectors/packet_context.h"

#include "app_payloads.h"
#include "frame_builder.h"

namespace {

namespace cg = daicho::capgen;
namespace dc = daicho::collectors;

constexpr cg::Mac kPc{{0x00, 0x0b, 0x5d, 0x12, 0x34, 0x56}};       // FUJITSU
constexpr cg::Mac kGateway{{0xf4, 0xbd, 0x9e, 0x00, 0x00, 0x01}};  // Cisco
constexpr cg::Mac kPacs{{0x88, 0xb4, 0x36, 0x00, 0x10, 0x0c}};     // FUJIFILM
constexpr cg::Ipv4 kPcIp = cg::ipv4(10, 30, 1, 20);
constexpr cg::Ipv4 kGwIp = cg::ipv4(10, 30, 0, 1);
constexpr cg::Ipv4 kPacsIp = cg::ipv4(10, 100, 1, 12);
constexpr cg::Ipv4 kDnsIp = cg::ipv4(10, 100, 1, 10);

using Bytes = std::vector<std::byte>;

Bytes copy(std::span<const std::uint8_t> f) {
    Bytes out(f.size());
    for (std::size_t i = 0; i < f.size(); ++i) {
        out[i] = static_cast<std::byte>(f[i]);
    }
    return out;
}

Bytes tcp_bulk() {
    cg::FrameBuilder b;
    b.ethernet(kPacs, kGateway, 0, cg::kEtherIpv4);
    b.ipv4(cg::ipv4(10, 10, 1, 10), kPacsIp, cg::kProtoTcp, 63, 4242);
    b.tcp(50123, 104, 1000000, 2000000, cg::kAck, 64240);
    b.pattern(1460);
    return copy(b.finish());  // 1514 bytes
}

// Bulk TCP of one of many flows (client port `port`), `payload` data bytes.
Bytes tcp_bulk_flow(std::uint16_t port, std::size_t payload) {
    cg::FrameBuilder b;
    b.ethernet(kPacs, kGateway, 0, cg::kEtherIpv4);
    b.ipv4(cg::ipv4(10, 10, static_cast<std::uint8_t>(port >> 8U), static_cast<std::uint8_t>(port)),
           kPacsIp, cg::kProtoTcp, 63, 4242);
    b.tcp(port, 104, 1000000, 2000000, cg::kAck, 64240);
    b.pattern(payload);
    return copy(b.finish());
}

Bytes vlan_udp_dns() {
    cg::FrameBuilder b;
    b.ethernet(kGateway, kPc, 30, cg::kEtherIpv4);
    b.ipv4(kPcIp, kDnsIp, cg::kProtoUdp, 128, 777);
    b.udp(53124, 53);
    cg::dns_query(b, 0x1234, "emr.hosp.local");
    return copy(b.finish());
}

Bytes arp_request() {
    cg::FrameBuilder b;
    b.ethernet(cg::kBroadcastMac, kPc, 30, cg::kEtherArp);
    b.arp(1, kPc, kPcIp, cg::kZeroMac, kGwIp);
    return copy(b.finish());
}

Bytes ndp_na() {
    cg::FrameBuilder b;
    const cg::Ipv6 pc_ll = cg::link_local(cg::eui64_iid(kPc));
    const cg::Ipv6 gw_ll = cg::link_local(cg::eui64_iid(kGateway));
    b.ethernet(kGateway, kPc, 30, cg::kEtherIpv6);
    b.ipv6(pc_ll, gw_ll, cg::kProtoIcmpv6, 255);
    b.ndp_na(pc_ll, cg::kNaSolicited | cg::kNaOverride, &kPc);
    return copy(b.finish());
}

Bytes dhcp_discover() {
    static constexpr std::uint8_t kPrl[] = {1, 3, 6, 15, 31, 33, 43, 44, 46, 47, 119, 121, 249, 252};
    cg::FrameBuilder b;
    b.ethernet(cg::kBroadcastMac, kPc, 30, cg::kEtherIpv4);
    b.ipv4(0, 0xffffffffU, cg::kProtoUdp, 128, 1);
    b.udp(68, 67);
    cg::DhcpMessage m;
    m.xid = 0x3903f326;
    m.chaddr = kPc;
    m.hostname = "NS-PC-3F-01";
    m.vendor_class = "MSFT 5.0";
    m.prl = kPrl;
    cg::dhcp(b, m);
    return copy(b.finish());
}

Bytes lldp_frame() {
    cg::FrameBuilder b;
    cg::Mac port = kGateway;
    port.b[5] = 0x30;
    b.ethernet(cg::kLldpMulticast, port, 0, cg::kEtherLldp);
    cg::LldpInfo info;
    info.chassis = kGateway;
    info.port_id = "Te1/0/48";
    info.port_description = "SPAN to daicho sensor";
    info.system_name = "core-sw1";
    info.system_description =
        "Cisco IOS Software [Cupertino], Catalyst L3 Switch Software (CAT9K_IOSXE), "
        "Version 17.9.4a, RELEASE SOFTWARE (fc3)";
    info.management = cg::ipv4(10, 100, 250, 1);
    cg::lldp(b, info);
    return copy(b.finish());
}

void run(benchmark::State& state, const std::vector<Bytes>& frames) {
    // With the conversation table at the size the pipeline will give it, so every figure
    // includes its cost.
    dc::FrameDecoderConfig config;
    config.conversations.entries = dc::ConversationConfig::kDefaultEntries;
    dc::FrameDecoder decoder(config);
    dc::PacketContext ctx;
    dc::ObservationSink sink;
    std::vector<dc::Frame> prepared(frames.size());
    std::int64_t bytes = 0;
    for (std::size_t i = 0; i < frames.size(); ++i) {
        prepared[i].ts_us = 1772438400LL * 1000000LL;
        prepared[i].link = dc::LinkType::ethernet;
        prepared[i].bytes = frames[i];
        prepared[i].wire_len = static_cast<std::uint32_t>(frames[i].size());
        prepared[i].evidence.frame_no = i + 1;
        bytes += static_cast<std::int64_t>(frames[i].size());
    }
    std::size_t observations = 0;
    for (auto _ : state) {
        for (const auto& f : prepared) {
            sink.clear();
            const auto r = decoder.decode(f, ctx, sink);
            benchmark::DoNotOptimize(r);
            observations += sink.size();
        }
    }
    const auto n = static_cast<std::int64_t>(state.iterations());
    state.SetItemsProcessed(n * static_cast<std::int64_t>(prepared.size()));
    state.SetBytesProcessed(n * bytes);
    state.counters["obs/frame"] = benchmark::Counter(
        static_cast<double>(observations) /
        static_cast<double>(std::max<std::int64_t>(1, n) * static_cast<std::int64_t>(prepared.size())));
    state.counters["decode_errors"] = static_cast<double>(decoder.decode_errors());
    state.counters["conv_rows"] = static_cast<double>(decoder.conversation_counters().new_rows);
    state.counters["conv_table_MiB"] =
        static_cast<double>(decoder.conversation_bytes()) / (1024.0 * 1024.0);
}

// Bulk TCP from inside host 10.30.<i> to outside 198.18.<i> (RFC 2544 benchmark range), via
// the gateway: a conversation of the table per distinct i.
Bytes tcp_outside_flow(std::uint32_t i, std::size_t payload) {
    cg::FrameBuilder b;
    b.ethernet(kGateway, kPc, 0, cg::kEtherIpv4);
    b.ipv4(cg::ipv4(10, 30, static_cast<std::uint8_t>(i >> 8U), static_cast<std::uint8_t>(i)),
           cg::ipv4(198, static_cast<std::uint8_t>(18 + ((i >> 16U) & 1U)),
                    static_cast<std::uint8_t>(i >> 8U), static_cast<std::uint8_t>(i)),
           cg::kProtoTcp, 64, static_cast<std::uint16_t>(i));
    b.tcp(static_cast<std::uint16_t>(40000 + (i & 0x3FFFU)), 443, 1000000, 2000000, cg::kAck,
          64240);
    b.pattern(payload);
    return copy(b.finish());
}

void BM_decode_eth_ipv4_tcp_bulk(benchmark::State& s) { run(s, {tcp_bulk()}); }
void BM_decode_dot1q_ipv4_udp_dns(benchmark::State& s) { run(s, {vlan_udp_dns()}); }
void BM_decode_arp(benchmark::State& s) { run(s, {arp_request()}); }
void BM_decode_ndp_na(benchmark::State& s) { run(s, {ndp_na()}); }
void BM_decode_dhcp_discover(benchmark::State& s) { run(s, {dhcp_discover()}); }
void BM_decode_lldp(benchmark::State& s) { run(s, {lldp_frame()}); }

// Roughly the hospital profile's mix: 100 frames, 96 TCP, 3 UDP, 1 identity (rotating).
void BM_decode_hospital_mix(benchmark::State& s) {
    std::vector<Bytes> frames;
    const Bytes bulk = tcp_bulk();
    for (int i = 0; i < 96; ++i) {
        frames.push_back(bulk);
    }
    for (int i = 0; i < 3; ++i) {
        frames.push_back(vlan_udp_dns());
    }
    frames.push_back(arp_request());
    run(s, frames);
}

// The TCP first-bytes table: 4096 bulk flows in turn (each looked up, found ignored), and
// the worst case, 131072 flows (twice the table) in turn, so every segment misses, probes
// the tcp rows and evicts an entry.
void BM_decode_tcp_bulk_4096_flows(benchmark::State& s) {
    std::vector<Bytes> frames;
    for (std::uint16_t i = 0; i < 4096; ++i) {
        frames.push_back(tcp_bulk_flow(static_cast<std::uint16_t>(20000 + i), 1460));
    }
    run(s, frames);
}
void BM_decode_tcp_new_flow_every_frame(benchmark::State& s) {
    std::vector<Bytes> frames;
    for (std::uint32_t i = 0; i < 131072; ++i) {
        Bytes f = tcp_bulk_flow(static_cast<std::uint16_t>(1024 + (i % 64000)), 64);
        f[29] = static_cast<std::byte>(i >> 16U);  // IPv4 source octet 3 varies too
        frames.push_back(std::move(f));
    }
    run(s, frames);
}

// The conversation table: 4096 inside<->outside conversations in turn (each frame finds its
// row and updates it), and a new conversation every frame over 131072 (the default table
// holds 16384 rows: each frame inserts and, once full, evicts).
void BM_decode_tcp_bulk_4096_outside(benchmark::State& s) {
    std::vector<Bytes> frames;
    for (std::uint32_t i = 0; i < 4096; ++i) {
        frames.push_back(tcp_outside_flow(i, 1460));
    }
    run(s, frames);
}
void BM_decode_new_conversation_every_frame(benchmark::State& s) {
    std::vector<Bytes> frames;
    for (std::uint32_t i = 0; i < 131072; ++i) {
        frames.push_back(tcp_outside_flow(i, 64));
    }
    run(s, frames);
}

BENCHMARK(BM_decode_eth_ipv4_tcp_bulk);
BENCHMARK(BM_decode_tcp_bulk_4096_outside);
BENCHMARK(BM_decode_new_conversation_every_frame);
BENCHMARK(BM_decode_tcp_bulk_4096_flows);
BENCHMARK(BM_decode_tcp_new_flow_every_frame);
BENCHMARK(BM_decode_dot1q_ipv4_udp_dns);
BENCHMARK(BM_decode_arp);
BENCHMARK(BM_decode_ndp_na);
BENCHMARK(BM_decode_dhcp_discover);
BENCHMARK(BM_decode_lldp);
BENCHMARK(BM_decode_hospital_mix);

}  // namespace

BENCHMARK_MAIN();
