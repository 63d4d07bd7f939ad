// libFuzzer target for the TCP first-bytes table (collectors/src/net/tcp_first_bytes.cpp):
// the input is split into segments of one TCP connection (both directions), fed in order
// through one FrameDecoder with small table limits, so reassembly, gaps, retransmissions,
// FIN/RST, buffer and flow limits and the tcp_probe decoders (tls, ssh, dicom, http, smb,
// dcerpc) all see multi-segment input.
//
// Input layout: byte 0 picks the server port (kPorts[byte % size]); then segments, each
//   len (1 byte) | ctl (1 byte) | [delta (2 bytes) when ctl & 0x10] | len data bytes
// ctl bit 0 FIN, bit 1 SYN, bit 2 RST (each only if bit 6 is set too), bit 3 server ->
// client, bit 4 sequence jump by delta (a gap or, as a negative, a retransmission), bit 5
// the capture is cut (wire length + 64). A short last segment takes what is left.

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "daicho/collectors/frame_decoder.h"

namespace {

constexpr std::array<std::uint16_t, 6> kPorts{443, 22, 80, 445, 135, 8080};

void put_frame(std::vector<std::byte>& f, bool to_client, std::uint16_t server_port,
               std::uint8_t flags, std::uint32_t seq, std::span<const std::uint8_t> data) {
    f.clear();
    const auto put8 = [&f](unsigned v) { f.push_back(static_cast<std::byte>(v & 0xFFU)); };
    const auto put16 = [&put8](unsigned v) {
        put8(v >> 8U);
        put8(v);
    };
    const std::array<std::uint8_t, 6> client_mac{0x00, 0x11, 0x22, 0x33, 0x44, 0x55};
    const std::array<std::uint8_t, 6> server_mac{0x00, 0xaa, 0xbb, 0xcc, 0xdd, 0xee};
    for (auto b : to_client ? client_mac : server_mac) {
        put8(b);
    }
    for (auto b : to_client ? server_mac : client_mac) {
        put8(b);
    }
    put16(0x0800);
    put16(0x4500);
    put16(static_cast<unsigned>(40 + data.size()));
    put16(0);
    put16(0x4000);
    put8(64);
    put8(6);
    put16(0);
    const std::array<unsigned, 4> client_ip{10, 0, 0, 1};
    const std::array<unsigned, 4> server_ip{10, 0, 0, 2};
    for (auto b : to_client ? server_ip : client_ip) {
        put8(b);
    }
    for (auto b : to_client ? client_ip : server_ip) {
        put8(b);
    }
    put16(to_client ? server_port : 40000);
    put16(to_client ? 40000 : server_port);
    put16(seq >> 16U);
    put16(seq & 0xFFFFU);
    put16(0);
    put16(0);
    put8(0x50);
    put8(flags);
    put16(0xffff);
    put16(0);
    put16(0);
    for (auto b : data) {
        put8(b);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace daicho::collectors;
    if (size == 0) {
        return 0;
    }
    FrameDecoderConfig config;
    config.tcp.flows = 16;
    config.tcp.buffered_flows = 2;
    config.routed_copy_slots = 64;
    config.conversations.entries = 64;
    config.tcp.max_first_bytes = 1024;
    config.tcp.max_messages = 3;
    FrameDecoder decoder(config);
    static auto sink = std::make_unique<ObservationSink>();
    std::span<const std::uint8_t> in(data, size);
    const std::uint16_t port = kPorts.at(in[0] % kPorts.size());
    in = in.subspan(1);
    std::array<std::uint32_t, 2> seq{1000, 5000};  // client, server
    std::vector<std::byte> frame_bytes;
    std::uint64_t frame_no = 0;
    while (in.size() >= 2) {
        const std::size_t want = in[0];
        const std::uint8_t ctl = in[1];
        in = in.subspan(2);
        const bool to_client = (ctl & 0x08U) != 0;
        auto& s = seq.at(to_client ? 1 : 0);
        if ((ctl & 0x10U) != 0 && in.size() >= 2) {
            const auto delta = static_cast<std::int16_t>((in[0] << 8U) | in[1]);
            s += static_cast<std::uint32_t>(static_cast<std::int32_t>(delta));
            in = in.subspan(2);
        }
        const std::size_t n = want < in.size() ? want : in.size();
        std::uint8_t flags = 0x18;  // PSH ACK
        if ((ctl & 0x40U) != 0) {
            flags = static_cast<std::uint8_t>(flags | (ctl & 0x07U));
        }
        put_frame(frame_bytes, to_client, port, flags, s, in.first(n));
        in = in.subspan(n);
        s += static_cast<std::uint32_t>(n) + ((flags & 0x03U) != 0 ? 1U : 0U);
        Frame frame;
        frame.link = LinkType::ethernet;
        frame.bytes = frame_bytes;
        frame.wire_len = static_cast<std::uint32_t>(frame_bytes.size()) +
                         ((ctl & 0x20U) != 0 ? 64U : 0U);
        frame.ts_us = static_cast<std::int64_t>(++frame_no);
        frame.evidence.frame_no = frame_no;
        PacketContext ctx;
        sink->clear();
        decoder.decode(frame, ctx, *sink);
        if (sink->size() > ObservationSink::kMaxPerFrame) {
            __builtin_trap();
        }
    }
    return 0;
}
