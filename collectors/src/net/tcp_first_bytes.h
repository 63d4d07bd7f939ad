#pragma once
// The bounded TCP first-bytes table (STYLE.md §4.3): per directed flow, which tcp_probe row
// (if any) claimed the stream, the next expected sequence number and, while a claimed
// decoder needs more bytes, up to max_first_bytes of the stream's first bytes. Private to
// daicho_collectors; driven by the frame walk (frame_decoder.cpp).
//
// Memory is fixed in the constructor and never grows: an 8-way set-associative flow table
// (`flows` entries, rounded up to a power of two) plus a pool of `buffered_flows` buffers of
// `max_first_bytes` each. With the defaults (65536 flows, 256 buffers of 32 KiB) that is
// 65536 * 64 B (entries) + 65536 * 4 B (tags) + 256 * 32 KiB (buffers) ~= 12.3 MiB.

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include "daicho/collectors/byte_reader.h"
#include "daicho/collectors/decoder.h"
#include "daicho/collectors/frame_decoder.h"
#include "daicho/collectors/observation.h"
#include "daicho/collectors/packet_context.h"

namespace daicho::collectors::net {

// The directed flow: (sensor, VLANs, src ip, dst ip, src port, dst port).
struct TcpFlowKey {
    std::array<std::uint8_t, 16> src{};
    std::array<std::uint8_t, 16> dst{};
    std::uint16_t sensor = 0;
    std::uint16_t vlan = 0;
    std::uint16_t outer_vlan = 0;
    std::uint16_t src_port = 0;
    std::uint16_t dst_port = 0;
    std::uint8_t family = 0;

    friend bool operator==(const TcpFlowKey&, const TcpFlowKey&) = default;
};

[[nodiscard]] TcpFlowKey flow_key(const PacketContext& ctx) noexcept;
[[nodiscard]] TcpFlowKey reversed(const TcpFlowKey& key) noexcept;

// The application rows the table may hand a stream to: the registry's tcp_probe rows, each
// with its counter block and its enabled flag.
struct TcpRow {
    std::string_view name;
    DecodeFn decode = nullptr;
    ProbeFn probe = nullptr;
    DecoderCounters* counters = nullptr;
    bool enabled = true;
};

class TcpFirstBytes {
   public:
    // Throws std::invalid_argument on a zero or absurd limit (control plane, at start-up).
    explicit TcpFirstBytes(const TcpFlowConfig& config);
    ~TcpFirstBytes();
    TcpFirstBytes(const TcpFirstBytes&) = delete;
    TcpFirstBytes& operator=(const TcpFirstBytes&) = delete;

    // The tcp_probe rows, in table order (at most kMaxTcpRows), and the table's own counter
    // block ("tcp_flows"); set once by FrameDecoder. The pointers must outlive the table.
    void set_rows(std::span<const TcpRow> rows, DecoderCounters* block) noexcept;

    // One TCP segment: `seq` is its sequence number, `payload` its data (possibly empty; cut
    // when the capture was). Facts of claimed streams are appended to `out`.
    void segment(const PacketContext& ctx, std::uint32_t seq, const ByteReader& payload,
                 ObservationSink& out) noexcept;

    [[nodiscard]] const TcpFlowCounters& counters() const noexcept { return counters_; }
    void count_syn_ack() noexcept { ++counters_.syn_ack_services; }

    static constexpr std::size_t kWays = 8;
    static constexpr std::size_t kMaxTcpRows = 16;

   private:
    struct Entry;

    [[nodiscard]] std::uint32_t find(const TcpFlowKey& key, std::uint64_t hash) const noexcept;
    [[nodiscard]] std::uint32_t insert(const TcpFlowKey& key, std::uint64_t hash,
                                       std::int64_t ts) noexcept;
    void erase(std::uint32_t index) noexcept;
    void release_buffer(Entry& e) noexcept;
    [[nodiscard]] bool take_buffer(Entry& e) noexcept;
    [[nodiscard]] std::span<std::byte> buffer_of(const Entry& e) noexcept;

    void on_data(std::uint32_t index, const PacketContext& ctx, std::uint32_t seq,
                 const ByteReader& payload, ObservationSink& out) noexcept;
    void probe_new(Entry& e, const PacketContext& ctx, std::uint32_t seq,
                   const ByteReader& payload, ObservationSink& out) noexcept;
    void continue_claimed(Entry& e, const PacketContext& ctx, std::uint32_t seq,
                          const ByteReader& payload, ObservationSink& out) noexcept;
    DecodeResult run(std::size_t row, std::span<const std::byte> bytes,
                     const PacketContext& ctx) noexcept;
    void finish(Entry& e, std::size_t row, DecodeResult r, ObservationSink& out) noexcept;
    void give_up(Entry& e) noexcept;

    std::size_t set_mask_ = 0;        // sets - 1 (sets is a power of two)
    std::size_t max_first_bytes_ = 0;  // per buffer
    std::size_t buffer_bytes_ = 0;     // the whole pool
    std::uint32_t max_messages_ = 0;   // messages decoded per direction before it is ignored
    std::unique_ptr<std::uint32_t[]> tags_;  // per way: 0 = free, else hash tag
    std::unique_ptr<Entry[]> entries_;
    std::unique_ptr<std::byte[]> buffers_;           // buffered_flows * max_first_bytes
    std::unique_ptr<std::uint16_t[]> free_buffers_;  // stack of free buffer indices
    std::size_t free_count_ = 0;
    std::unique_ptr<ObservationSink> scratch_;  // facts of an attempt that may be retried
    std::array<TcpRow, kMaxTcpRows> rows_{};
    std::size_t row_count_ = 0;
    TcpFlowCounters counters_;
    // The generic block ("tcp_flows"): frames = segments looked up, not_mine = segments of
    // ignored flows (the bulk path), decoded = streams a row claimed, unsupported = streams
    // no row claimed or given up (gap, out of order), limited = evictions and buffer limits.
    DecoderCounters own_block_;
    DecoderCounters* block_ = &own_block_;
};

}  // namespace daicho::collectors::net
