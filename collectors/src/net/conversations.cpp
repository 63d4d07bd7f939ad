// The bounded conversation table: see conversations.h (public) and net/conversations.h.
// Refs: RFC 9293 §3.5 (a SYN without ACK opens a connection; the SYN+ACK answers it, so its
//   sender is the server); RFC 6335 §6 (ephemeral ports). Inside vs outside and the addresses
//   that name no endpoint: net/inside_plan.cpp.
// Per packet: two plan lookups, one hash, at most two 8-way set scans (the packet's
//   destination port as the server port, then its source port), no allocation.
// Direction: a SYN decides who opened a TCP conversation (its sender) and its server port
//   (its destination port); a SYN+ACK decides the same from the other side. A TCP row first
//   seen mid-stream takes the lower port as the server's (ephemeral ports are the high ones,
//   RFC 6335 §6) and its opener stays unknown. Other protocols: the sender of the first
//   datagram seen opened it, toward its destination port.
// Sessions: TCP counts SYNs (one for a row first seen mid-stream); other protocols count
//   activity runs, a run ending after ConversationConfig::idle_us without a packet. The
//   longest session is the longest activity run of either kind.

#include "net/conversations.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <span>
#include <stdexcept>

#include "daicho/collectors/mix.h"
#include "net/net.h"

namespace daicho::collectors::net {

struct ConversationTable::Key {
    IpAddress inside;
    IpAddress outside;
    std::uint16_t sensor = 0;
    std::uint8_t ip_proto = 0;
    std::uint16_t server_port = 0;
};

// A packet reads and writes run_start and the row's first 104 bytes (conversations.h), and
// an entry starts on a cache line: each update touches two lines. Before, run_start sat
// after the 384-byte row and entries straddled lines, so an update touched four or five.
struct alignas(64) ConversationTable::Entry {
    std::int64_t run_start = 0;  // start of the current activity run
    Conversation row;
};

namespace {

// Eight octets as one word in host order: only a hash input, so byte order does not matter,
// and one load costs less than eight shifts (callgrind, corpus-small: update() 141 M -> 103 M
// instructions, 521 -> 381 a packet).
std::uint64_t address_word(const IpAddress& a, std::size_t half) noexcept {
    std::uint64_t w = 0;
    std::memcpy(&w, std::span(a.octets).subspan(half * 8, sizeof w).data(), sizeof w);
    return w;
}

// The hash of everything but the port; the port is mixed in per candidate.
std::uint64_t base_hash(const IpAddress& inside, const IpAddress& outside, std::uint16_t sensor,
                        std::uint8_t proto) noexcept {
    return mix64(fold_words(
        (std::uint64_t{sensor} << 16U) | (std::uint64_t{proto} << 8U) |
            static_cast<std::uint64_t>(inside.family),
        std::array<std::uint64_t, 4>{address_word(inside, 0), address_word(inside, 1),
                                     address_word(outside, 0), address_word(outside, 1)}));
}

std::uint64_t port_hash(std::uint64_t base, std::uint16_t port) noexcept {
    return mix64(base ^ (std::uint64_t{port} * 0x9E3779B97F4A7C15ULL));
}

std::uint32_t tag_of(std::uint64_t hash) noexcept {
    return static_cast<std::uint32_t>(hash >> 32U) | 1U;  // never 0 (a free way)
}

template <std::size_t N>
std::uint8_t copy_text(std::array<char, N>& to, std::string_view from) noexcept {
    const std::size_t n = std::min(from.size(), N);
    std::copy_n(from.begin(), n, to.begin());
    return static_cast<std::uint8_t>(n);
}

void apply(Conversation& row, const Recognition& seen) noexcept {
    if (row.service_class == ServiceClass::none) {
        row.service_class = seen.service_class;
        row.protocol = seen.protocol;
    }
    if (row.product_len == 0 && !seen.product.empty()) {
        row.product_len = copy_text(row.product, seen.product);
        row.version_len = copy_text(row.version, seen.version);
    } else if (row.version_len == 0 && !seen.version.empty() &&
               row.product_name() == seen.product.substr(0, row.product_len)) {
        row.version_len = copy_text(row.version, seen.version);
    }
}

}  // namespace

ConversationTable::ConversationTable(ConversationConfig config) : config_(std::move(config)) {
    if (config_.entries < kWays || config_.entries > kMaxEntries) {
        throw std::invalid_argument("conversations.entries must be between 8 and 4194304");
    }
    if (config_.keep_evicted > kMaxEntries) {
        throw std::invalid_argument("conversations.keep_evicted must be at most 4194304");
    }
    if (config_.idle_us <= 0) {
        throw std::invalid_argument("conversations.idle_us must be positive");
    }
    const std::size_t ways = std::bit_ceil(config_.entries);
    set_mask_ = ways / kWays - 1;
    tags_ = std::make_unique<std::uint32_t[]>(ways);  // zeroed: every way free
    entries_ = std::make_unique<Entry[]>(ways);
    kept_.reserve(config_.keep_evicted);
}

ConversationTable::~ConversationTable() = default;

std::size_t ConversationTable::bytes_per_entry() noexcept {
    return sizeof(Entry) + sizeof(std::uint32_t);
}

std::uint32_t ConversationTable::find(const Key& key, std::uint64_t hash) const noexcept {
    const std::size_t base = (static_cast<std::size_t>(hash) & set_mask_) * kWays;
    const std::uint32_t tag = tag_of(hash);
    for (std::size_t w = 0; w < kWays; ++w) {
        if (tags_[base + w] != tag) {
            continue;
        }
        const Conversation& r = entries_[base + w].row;
        if (r.server_port == key.server_port && r.ip_proto == key.ip_proto &&
            r.sensor == key.sensor && r.inside == key.inside && r.outside == key.outside) {
            return static_cast<std::uint32_t>(base + w);
        }
    }
    return UINT32_MAX;
}

std::uint32_t ConversationTable::insert(const Key& key, std::uint64_t hash,
                                        bool& evicted) noexcept {
    const std::size_t base = (static_cast<std::size_t>(hash) & set_mask_) * kWays;
    std::size_t pick = kWays;
    for (std::size_t w = 0; w < kWays; ++w) {
        if (tags_[base + w] == 0) {
            pick = w;
            break;
        }
        if (pick == kWays || entries_[base + w].row.last_us < entries_[base + pick].row.last_us) {
            pick = w;
        }
    }
    evicted = tags_[base + pick] != 0;
    if (evicted) {
        ++counters_.evictions;
        const Conversation& gone = entries_[base + pick].row;
        // A NAT view is never listed; kept_ never grows past its reserve (no allocation).
        if (!gone.nat_view && kept_.size() < config_.keep_evicted) {
            kept_.push_back(gone);
            ++counters_.evictions_kept;
        }
    }
    const std::size_t index = base + pick;
    tags_[index] = tag_of(hash);
    Entry& e = entries_[index];
    e = Entry{};
    e.row.inside = key.inside;
    e.row.outside = key.outside;
    e.row.sensor = key.sensor;
    e.row.ip_proto = key.ip_proto;
    e.row.server_port = key.server_port;
    ++counters_.new_rows;
    return static_cast<std::uint32_t>(index);
}

ConversationTable::Outcome ConversationTable::update(const PacketContext& ctx,
                                                     std::uint32_t wire_len,
                                                     const Recognition& seen,
                                                     const ConversationNames& names) noexcept {
    Outcome outcome;
    ++counters_.packets;
    // ICMP carries errors and echoes about other traffic (RFC 792, RFC 4443): a remote
    // router's "unreachable" would read as a point opened from outside. No row.
    if (ctx.transport == Transport::icmp || ctx.transport == Transport::icmpv6) {
        ++counters_.icmp;
        return outcome;
    }
    if (InsidePlan::no_endpoint(ctx.src_ip) || InsidePlan::no_endpoint(ctx.dst_ip)) {
        ++counters_.no_endpoint;
        return outcome;
    }
    const bool src_inside = config_.inside.inside(ctx.src_ip);
    if (src_inside == config_.inside.inside(ctx.dst_ip)) {
        ++counters_.not_crossing;
        return outcome;
    }
    Key key;
    key.inside = src_inside ? ctx.src_ip : ctx.dst_ip;
    key.outside = src_inside ? ctx.dst_ip : ctx.src_ip;
    key.sensor = ctx.sensor;
    key.ip_proto = ctx.ip_proto;
    const std::uint64_t base = base_hash(key.inside, key.outside, key.sensor, key.ip_proto);

    const bool has_ports = ctx.transport == Transport::tcp || ctx.transport == Transport::udp;
    const bool tcp = ctx.transport == Transport::tcp;
    const bool syn = tcp && (ctx.tcp_flags & (kTcpSyn | kTcpAck)) == kTcpSyn;
    const bool syn_ack = tcp && (ctx.tcp_flags & (kTcpSyn | kTcpAck)) == (kTcpSyn | kTcpAck);

    // Which port the server listens on, when this packet says so; else try both.
    std::uint16_t first = has_ports ? ctx.dst_port : 0;
    std::uint16_t second = has_ports ? ctx.src_port : 0;
    if (syn_ack) {
        std::swap(first, second);
    }
    key.server_port = first;
    std::uint64_t hash = port_hash(base, first);
    std::uint32_t index = find(key, hash);
    if (index == UINT32_MAX && has_ports && !syn && !syn_ack && second != first) {
        Key other = key;
        other.server_port = second;
        const std::uint64_t other_hash = port_hash(base, second);
        index = find(other, other_hash);
        if (index == UINT32_MAX && tcp && second < first) {
            key = other;  // mid-stream TCP: the lower port is the server's
            hash = other_hash;
        }
    }
    const std::int64_t ts = ctx.evidence.ts_us;
    bool created = false;
    if (index == UINT32_MAX) {
        index = insert(key, hash, outcome.evicted);
        created = true;
    }
    Entry& e = entries_[index];
    Conversation& row = e.row;
    if (created) {
        row.first_us = ts;
        row.last_us = ts;
        row.first_evidence = ctx.evidence;
        e.run_start = ts;
        if (!tcp || syn || syn_ack) {
            const bool sender_opened = !syn_ack;
            row.opener = (sender_opened == src_inside) ? Opener::inside : Opener::outside;
        }
        if (!syn) {
            row.sessions = 1;  // a datagram run, or a TCP stream whose SYN was not seen
        }
    } else if (ts - row.last_us > config_.idle_us) {
        e.run_start = ts;
        if (!tcp) {
            ++row.sessions;
        }
    }
    if (syn) {
        ++row.sessions;
        if (row.opener == Opener::unknown) {
            row.opener = src_inside ? Opener::inside : Opener::outside;
        }
    }
    if (ts > row.last_us) {
        row.last_us = ts;
    }
    row.longest_us = std::max(row.longest_us, row.last_us - e.run_start);
    ++row.packets;
    (src_inside ? row.bytes_to_outside : row.bytes_to_inside) += wire_len;
    row.vlan = ctx.vlan;
    row.has_l2 = ctx.has_l2;
    row.inside_mac = src_inside ? ctx.src_mac : ctx.dst_mac;
    row.outside_mac = src_inside ? ctx.dst_mac : ctx.src_mac;
    if (!seen.empty()) {
        apply(row, seen);
        ++counters_.recognised;
    }
    // The first name of each kind stays: later handshakes of the same conversation repeat it.
    // The packet's names first: the lengths lie on the row's cold lines.
    if (src_inside && !names.server_name.empty() && row.server_name_len == 0) {
        row.server_name_len = copy_text(row.server_name, names.server_name);
    }
    if (!src_inside && !names.certificate.empty() && row.certificate_len == 0) {
        row.certificate_len = copy_text(row.certificate, names.certificate);
    }
    ++counters_.counted;
    outcome.counted = true;
    outcome.row = index;
    return outcome;
}

void ConversationTable::mark_nat_view(std::uint32_t row, const IpAddress& shared) noexcept {
    if (row >= capacity() || tags_[row] == 0) {
        return;
    }
    Conversation& r = entries_[row].row;
    if (!r.nat_view && (r.outside == shared || r.inside == shared)) {
        r.nat_view = true;
        ++counters_.nat_views;
    }
}

void ConversationTable::clear() noexcept {
    std::fill_n(tags_.get(), capacity(), 0U);
    kept_.clear();
    counters_ = ConversationCounters{};
}

void ConversationTable::rows(std::vector<Conversation>& out) const {
    out.insert(out.end(), kept_.begin(), kept_.end());
    for (std::size_t i = 0; i < capacity(); ++i) {
        if (tags_[i] != 0 && !entries_[i].row.nat_view) {
            out.push_back(entries_[i].row);
        }
    }
}

}  // namespace daicho::collectors::net
