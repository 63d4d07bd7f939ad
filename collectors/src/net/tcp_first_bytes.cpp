// The TCP first-bytes table: which application decoder, if any, reads a directed TCP stream,
// and the stream's first bytes while that decoder needs more of them.
// Refs: RFC 9293 §3.1 (sequence numbers, SYN/FIN/RST), §3.4 (SYN consumes one sequence
//   number); STYLE.md §4.3 (per-decoder state lives in the dispatcher, bounded by a named
//   limit, cleared on `malformed`); Suricata's probing parsers (probe_ts/probe_tc).
// Facts: none of its own; the claimed row's facts and recognition (service_class.h),
//   forwarded once its result is final.
// Per segment with data: look the directed flow up (one hash, one 8-way set). Ignored flows
//   return at once (the bulk path). A new stream's first data goes through the tcp_probe rows
//   in table order; the claiming row decodes it. A `truncated` result while the frame is
//   whole means "need more": the bytes are copied into one of a fixed pool of buffers and the
//   next in-order segment is appended and decoded again, up to max_first_bytes (then
//   `limited`). Any other result is final: the facts are forwarded, the buffer freed. After a
//   `decoded` message the stream stays with its row for up to max_messages messages, as long
//   as each next segment starts a message (the row's probe says yes); else it is ignored.
// Not done: reordering (a gap or an out-of-order segment gives the stream up), overlapping
//   retransmissions with new data, payload in SYN (TCP Fast Open), urgent data.

#include "net/tcp_first_bytes.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <stdexcept>

#include "daicho/collectors/mix.h"

namespace daicho::collectors::net {

enum class FlowState : std::uint8_t { probing, claimed, ignored };

// One table entry. No member initialisers: the array is not touched at construction, an
// entry is valid only while its tag is non-zero.
struct TcpFirstBytes::Entry {
    std::int64_t last_ts;
    TcpFlowKey key;
    std::uint32_t next_seq;
    std::uint16_t buffer;    // kNoBuffer or an index into the pool
    std::uint16_t buffered;  // bytes in the buffer
    FlowState state;
    std::uint8_t row;
    std::uint8_t messages;
    bool seq_known;
};

namespace {

constexpr std::uint16_t kNoBuffer = 0xFFFF;
constexpr std::size_t kMaxFlows = std::size_t{1} << 24U;  // sanity limits on the config
constexpr std::size_t kMaxBufferedFlows = 0xFFFE;
constexpr std::size_t kMaxFirstBytesLimit = 0xFFFF;
constexpr std::size_t kMaxMessagesLimit = 255;

// Six words in four independent multiply lanes (collectors/mix.h), one mix64 at the end: the
// six chained multiply-shifts before were a serial chain on every segment looked up.
std::uint64_t hash_of(const TcpFlowKey& k) noexcept {
    const auto src = std::bit_cast<std::array<std::uint64_t, 2>>(k.src);
    const auto dst = std::bit_cast<std::array<std::uint64_t, 2>>(k.dst);
    return mix64(
        fold_words(0x243F6A8885A308D3ULL,
                   std::array<std::uint64_t, 6>{src[0], src[1], dst[0], dst[1],
                                                (std::uint64_t{k.src_port} << 48U) |
                                                    (std::uint64_t{k.dst_port} << 32U) |
                                                    (std::uint64_t{k.sensor} << 16U) | k.vlan,
                                                (std::uint64_t{k.outer_vlan} << 8U) | k.family}));
}

std::uint32_t tag_of(std::uint64_t hash) noexcept {
    return static_cast<std::uint32_t>(hash >> 32U) | 1U;  // never 0 (0 marks a free way)
}

// Sequence arithmetic modulo 2^32 (RFC 9293 §3.4).
bool seq_before(std::uint32_t a, std::uint32_t b) noexcept {
    return static_cast<std::int32_t>(a - b) < 0;
}

std::size_t round_up_pow2(std::size_t n) noexcept { return std::bit_ceil(n); }

}  // namespace

TcpFlowKey flow_key(const PacketContext& ctx) noexcept {
    TcpFlowKey k;
    k.src = ctx.src_ip.octets;
    k.dst = ctx.dst_ip.octets;
    k.sensor = ctx.sensor;
    k.vlan = ctx.vlan;
    k.outer_vlan = ctx.outer_vlan;
    k.src_port = ctx.src_port;
    k.dst_port = ctx.dst_port;
    k.family = static_cast<std::uint8_t>(ctx.src_ip.family);
    return k;
}

TcpFlowKey reversed(const TcpFlowKey& key) noexcept {
    TcpFlowKey k = key;
    std::swap(k.src, k.dst);
    std::swap(k.src_port, k.dst_port);
    return k;
}

TcpFirstBytes::TcpFirstBytes(const TcpFlowConfig& config) {
    static_assert(sizeof(Entry) <= 64, "one cache line per flow entry");
    if (config.flows < kWays || config.flows > kMaxFlows) {
        throw std::invalid_argument("tcp.flows must be between 8 and 16777216");
    }
    if (config.buffered_flows == 0 || config.buffered_flows > kMaxBufferedFlows) {
        throw std::invalid_argument("tcp.buffered_flows must be between 1 and 65534");
    }
    if (config.max_first_bytes < 16 || config.max_first_bytes > kMaxFirstBytesLimit) {
        throw std::invalid_argument("tcp.max_first_bytes must be between 16 and 65535");
    }
    if (config.max_messages == 0 || config.max_messages > kMaxMessagesLimit) {
        throw std::invalid_argument("tcp.max_messages must be between 1 and 255");
    }
    const std::size_t ways = round_up_pow2(config.flows);
    set_mask_ = ways / kWays - 1;
    max_first_bytes_ = config.max_first_bytes;
    max_messages_ = static_cast<std::uint32_t>(config.max_messages);
    tags_ = std::make_unique<std::uint32_t[]>(ways);  // zeroed: every way free
    // Entries and buffers are left uninitialised: an entry is read only behind its tag, a
    // buffer only up to what was copied into it.
    entries_.reset(new Entry[ways]);  // NOLINT(cppcoreguidelines-owning-memory)
    buffer_bytes_ = config.buffered_flows * max_first_bytes_;
    buffers_.reset(new std::byte[buffer_bytes_]);  // NOLINT(cppcoreguidelines-owning-memory)
    free_buffers_ = std::make_unique<std::uint16_t[]>(config.buffered_flows);
    for (std::size_t i = 0; i < config.buffered_flows; ++i) {
        free_buffers_[i] = static_cast<std::uint16_t>(config.buffered_flows - 1 - i);
    }
    free_count_ = config.buffered_flows;
    scratch_ = std::make_unique<ObservationSink>();
}

TcpFirstBytes::~TcpFirstBytes() = default;

void TcpFirstBytes::set_rows(std::span<const TcpRow> rows, DecoderCounters* block) noexcept {
    if (block != nullptr) {
        block_ = block;
    }
    row_count_ = std::min(rows.size(), kMaxTcpRows);
    std::copy_n(rows.begin(), row_count_, rows_.begin());
}

std::uint32_t TcpFirstBytes::find(const TcpFlowKey& key, std::uint64_t hash) const noexcept {
    const std::size_t base = (static_cast<std::size_t>(hash) & set_mask_) * kWays;
    const std::uint32_t tag = tag_of(hash);
    for (std::size_t w = 0; w < kWays; ++w) {
        if (tags_[base + w] == tag && entries_[base + w].key == key) {
            return static_cast<std::uint32_t>(base + w);
        }
    }
    return UINT32_MAX;
}

// A free way of the key's set, else the set's oldest entry that is not mid-message, else
// its oldest entry (evicted, buffer freed, counted).
std::uint32_t TcpFirstBytes::insert(const TcpFlowKey& key, std::uint64_t hash,
                                    std::int64_t ts) noexcept {
    const std::size_t base = (static_cast<std::size_t>(hash) & set_mask_) * kWays;
    std::size_t pick = kWays;
    std::size_t oldest_idle = kWays;
    std::size_t oldest = kWays;
    for (std::size_t w = 0; w < kWays; ++w) {
        if (tags_[base + w] == 0) {
            pick = w;
            break;
        }
        const Entry& e = entries_[base + w];
        if (oldest == kWays || e.last_ts < entries_[base + oldest].last_ts) {
            oldest = w;
        }
        if (e.state != FlowState::claimed &&
            (oldest_idle == kWays || e.last_ts < entries_[base + oldest_idle].last_ts)) {
            oldest_idle = w;
        }
    }
    if (pick == kWays) {
        pick = oldest_idle != kWays ? oldest_idle : oldest;
        erase(static_cast<std::uint32_t>(base + pick));
        ++counters_.evictions;
        ++block_->limited;
    }
    const std::size_t index = base + pick;
    tags_[index] = tag_of(hash);
    Entry& e = entries_[index];
    e.key = key;
    e.last_ts = ts;
    e.next_seq = 0;
    e.buffer = kNoBuffer;
    e.buffered = 0;
    e.state = FlowState::probing;
    e.row = 0;
    e.messages = 0;
    e.seq_known = false;
    ++counters_.new_flows;
    return static_cast<std::uint32_t>(index);
}

void TcpFirstBytes::erase(std::uint32_t index) noexcept {
    release_buffer(entries_[index]);
    tags_[index] = 0;
}

void TcpFirstBytes::release_buffer(Entry& e) noexcept {
    if (e.buffer != kNoBuffer) {
        free_buffers_[free_count_++] = e.buffer;
        e.buffer = kNoBuffer;
    }
    e.buffered = 0;
}

bool TcpFirstBytes::take_buffer(Entry& e) noexcept {
    if (e.buffer != kNoBuffer) {
        return true;
    }
    if (free_count_ == 0) {
        return false;
    }
    e.buffer = free_buffers_[--free_count_];
    e.buffered = 0;
    return true;
}

std::span<std::byte> TcpFirstBytes::buffer_of(const Entry& e) noexcept {
    return std::span<std::byte>(buffers_.get(), buffer_bytes_)
        .subspan(static_cast<std::size_t>(e.buffer) * max_first_bytes_, max_first_bytes_);
}

void TcpFirstBytes::segment(const PacketContext& ctx, std::uint32_t seq, const ByteReader& payload,
                            ObservationSink& out) noexcept {
    const std::uint8_t flags = ctx.tcp_flags;
    const bool control = (flags & (kTcpSyn | kTcpFin | kTcpRst)) != 0;
    if (payload.empty() && !control) {
        return;  // a bare ACK: nothing to look up
    }
    ++counters_.segments;
    ++block_->frames;
    const TcpFlowKey key = flow_key(ctx);
    const std::uint64_t hash = hash_of(key);
    std::uint32_t index = find(key, hash);

    if ((flags & kTcpRst) != 0) {  // the connection is gone in both directions
        if (index != UINT32_MAX) {
            erase(index);
            ++counters_.closed;
        }
        const TcpFlowKey back = reversed(key);
        const std::uint32_t other = find(back, hash_of(back));
        if (other != UINT32_MAX) {
            erase(other);
            ++counters_.closed;
        }
        return;
    }
    if ((flags & kTcpSyn) != 0) {  // a new stream starts after the SYN's sequence number
        if (index != UINT32_MAX) {
            erase(index);  // port reuse: forget the old stream
        }
        index = insert(key, hash, ctx.evidence.ts_us);
        Entry& e = entries_[index];
        e.next_seq = seq + 1;
        e.seq_known = true;
        return;
    }
    if (!payload.empty()) {
        if (index == UINT32_MAX) {
            index = insert(key, hash, ctx.evidence.ts_us);
        }
        Entry& e = entries_[index];
        e.last_ts = ctx.evidence.ts_us;
        if (e.state == FlowState::ignored) {
            ++counters_.ignored_segments;
            ++block_->not_mine;
        } else {
            on_data(index, ctx, seq, payload, out);
        }
    }
    if ((flags & kTcpFin) != 0 && index != UINT32_MAX) {
        erase(index);
        ++counters_.closed;
    }
}

void TcpFirstBytes::on_data(std::uint32_t index, const PacketContext& ctx, std::uint32_t seq,
                            const ByteReader& payload, ObservationSink& out) noexcept {
    Entry& e = entries_[index];
    if (e.seq_known && seq != e.next_seq) {
        const auto len = static_cast<std::uint32_t>(payload.remaining());
        if (seq_before(seq, e.next_seq) && !seq_before(e.next_seq, seq + len)) {
            ++counters_.retransmits;  // wholly old data: skip the segment, keep the stream
            return;
        }
        ++counters_.gaps;
        ++block_->unsupported;
        give_up(e);
        return;
    }
    if (e.state == FlowState::probing) {
        probe_new(e, ctx, seq, payload, out);
        return;
    }
    continue_claimed(e, ctx, seq, payload, out);
}

// Decodes `bytes` with row `row` into the scratch sink. The reader is always "cut": the
// stream may go on past the bytes seen so far, so running out means "need more".
DecodeResult TcpFirstBytes::run(std::size_t row, std::span<const std::byte> bytes,
                                const PacketContext& ctx) noexcept {
    scratch_->clear();
    return rows_.at(row).decode(ByteReader(bytes, true), ctx, *scratch_);
}

// A final result: forward the attempt's facts, count the message, free the buffer. After a
// decoded message the stream stays with its row (up to max_messages); otherwise it is done.
void TcpFirstBytes::finish(Entry& e, std::size_t row, DecodeResult r,
                           ObservationSink& out) noexcept {
    DecoderCounters& block = *rows_.at(row).counters;
    block.count(r);
    std::uint64_t forwarded = 0;
    for (const auto& o : scratch_->observations()) {
        if (out.emit(o)) {
            ++forwarded;
        }
    }
    block.observations += forwarded;
    out.recognise(scratch_->recognition());  // what the message told of its conversation
    ++counters_.messages;
    release_buffer(e);  // also the `malformed` rule: no state survives a bad message
    ++e.messages;
    if (r == DecodeResult::decoded && e.messages < max_messages_) {
        e.state = FlowState::claimed;
        e.row = static_cast<std::uint8_t>(row);
        return;
    }
    e.state = FlowState::ignored;
}

void TcpFirstBytes::give_up(Entry& e) noexcept {
    release_buffer(e);
    e.state = FlowState::ignored;
}

void TcpFirstBytes::probe_new(Entry& e, const PacketContext& ctx, std::uint32_t seq,
                              const ByteReader& payload, ObservationSink& out) noexcept {
    ++counters_.probed;
    const std::span<const std::byte> bytes = payload.rest();
    for (std::size_t i = 0; i < row_count_; ++i) {
        const TcpRow& row = rows_.at(i);
        if (!row.enabled || !row.probe(payload)) {
            continue;
        }
        const DecodeResult r = run(i, bytes, ctx);
        if (r == DecodeResult::not_mine) {
            row.counters->count(r);
            continue;
        }
        ++counters_.claimed;
        ++block_->decoded;
        e.row = static_cast<std::uint8_t>(i);
        e.next_seq = seq + static_cast<std::uint32_t>(bytes.size());
        e.seq_known = true;
        if (r != DecodeResult::truncated || ctx.capture_cut) {
            finish(e, i, r, out);
            return;
        }
        // Need more bytes: keep these.
        if (!take_buffer(e)) {
            ++counters_.pool_full;
            ++block_->limited;
            finish(e, i, DecodeResult::limited, out);
            e.state = FlowState::ignored;
            return;
        }
        const std::size_t n = std::min(bytes.size(), max_first_bytes_);
        std::copy_n(bytes.begin(), n, buffer_of(e).begin());
        e.buffered = static_cast<std::uint16_t>(n);
        e.state = FlowState::claimed;
        ++counters_.buffered_segments;
        if (n < bytes.size()) {  // the first segment alone outgrew the buffer
            ++counters_.buffer_limited;
            ++block_->limited;
            finish(e, i, DecodeResult::limited, out);
            e.state = FlowState::ignored;
        }
        return;
    }
    ++counters_.unclaimed;
    ++block_->unsupported;
    e.state = FlowState::ignored;
}

void TcpFirstBytes::continue_claimed(Entry& e, const PacketContext& ctx, std::uint32_t seq,
                                     const ByteReader& payload, ObservationSink& out) noexcept {
    const std::size_t row = e.row;
    const std::span<const std::byte> bytes = payload.rest();
    e.next_seq = seq + static_cast<std::uint32_t>(bytes.size());
    if (e.buffer == kNoBuffer) {
        // A later message of a stream whose earlier ones were decoded: only if it starts one.
        if (!rows_.at(row).enabled || !rows_.at(row).probe(payload)) {
            e.state = FlowState::ignored;
            return;
        }
        const DecodeResult r = run(row, bytes, ctx);
        if (r != DecodeResult::truncated || ctx.capture_cut) {
            finish(e, row, r, out);
            return;
        }
        if (!take_buffer(e)) {
            ++counters_.pool_full;
            ++block_->limited;
            finish(e, row, DecodeResult::limited, out);
            e.state = FlowState::ignored;
            return;
        }
    }
    // Append what fits and decode the stream's bytes so far.
    const auto buffer = buffer_of(e);
    const std::size_t room = max_first_bytes_ - e.buffered;
    const std::size_t n = std::min(bytes.size(), room);
    std::copy_n(bytes.begin(), n, buffer.begin() + e.buffered);
    e.buffered = static_cast<std::uint16_t>(e.buffered + n);
    ++counters_.buffered_segments;
    DecodeResult r = run(row, buffer.first(e.buffered), ctx);
    if (r == DecodeResult::truncated && !ctx.capture_cut) {
        if (n == bytes.size() && e.buffered < max_first_bytes_) {
            return;  // still need more; wait for the next segment
        }
        ++counters_.buffer_limited;
        ++block_->limited;
        r = DecodeResult::limited;
    }
    finish(e, row, r, out);
    if (r == DecodeResult::not_mine) {
        e.state = FlowState::ignored;
    }
}

}  // namespace daicho::collectors::net
