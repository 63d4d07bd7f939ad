// The frame walk: link layer -> VLAN tags / LLC+SNAP -> IPv4/IPv6 -> UDP/TCP, filling the
// PacketContext, then the generic, table-driven dispatch to the registry rows (registry.cpp).
// The walk is fixed code (one function per header in link/ and net/); which application
// decoder sees which payload is decided only by the table.
// Counters: one DecoderCounters block per layer (kLayerNames) and per registry row, in that
// order, sized in the constructor; decode() allocates nothing and throws nothing.
// TCP: a SYN+ACK yields FactKind::service "tcp/<port>" about its sender (source "tcp"); TCP
// payloads go to the bounded first-bytes table (net/tcp_first_bytes.h), which runs the
// tcp_probe rows once per new stream and returns at once for streams it ignores. Its block
// "tcp_flows" comes after the registry rows.
// Routed copies: an unfragmented IP packet that is a later copy of one already walked (the
// same packet forwarded into another VLAN of the SPAN, maybe NAT'd; net/routed_copies.h)
// goes no further than its IP header, so its facts are recorded once, from the first copy.
// Its block "routed_copies" follows: frames = packets looked up, decoded = first copies,
// not_mine = later copies (their facts belong to the first).
// Conversations (issue 13): when a table is configured (ConversationConfig::entries; the
// ingest pipeline always sizes one), every whole IP packet that is not a later copy (so each
// packet counts once) updates the bounded conversation table (net/conversations.h) after the
// application decoders ran, with what they recognised (ObservationSink::recognise) and the
// names they read (SNI, certificate). Its block "conversations" comes last: frames =
// packets, decoded = rows updated, not_mine = packets between two inside or two outside
// addresses, to no endpoint, or ICMP, limited = rows evicted. A fragmented datagram counts by its
// first fragment (later ones carry no ports). UDP: the udp_port rows first; when none claims the
// datagram, the udp_probe rows whose probe accepts it (protocols recognised by their bytes on any
// port: WireGuard, OpenVPN). Not done here, by design: IP reassembly (fragments are counted and get
// no application dispatch), checksum verification.

#include "daicho/collectors/frame_decoder.h"

#include <array>
#include <charconv>
#include <cstddef>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "link/link.h"
#include "net/conversations.h"
#include "net/net.h"
#include "net/relayed_messages.h"
#include "net/routed_copies.h"
#include "net/tcp_first_bytes.h"
#include "registry.h"

namespace daicho::collectors {
namespace {

enum Layer : std::size_t {
    kEthernet,
    kVlan,
    kLlc,
    kSll,
    kLoopback,
    kRawIp,
    kOtherLink,
    kIpv4,
    kIpv6,
    kUdp,
    kTcp,
    kLayerCount,
};
constexpr std::array<std::string_view, kLayerCount> kLayerNames{
    "ethernet",   "vlan", "llc",  "sll", "loopback", "raw_ip",
    "other_link", "ipv4", "ipv6", "udp", "tcp",
};
constexpr std::string_view kTcpFlowsName = "tcp_flows";           // the first-bytes table's block
constexpr std::string_view kRoutedCopiesName = "routed_copies";   // the copies table's block
constexpr std::string_view kConversationsName = "conversations";  // the conversation table's
constexpr std::string_view kTcpSource = "tcp";  // Observation::source of walk facts

// The sequence number of the TCP header at the reader's cursor (RFC 9293 §3.1, octets 4-7);
// 0 when the header is short (decode_tcp then fails anyway).
std::uint32_t peek_tcp_seq(const ByteReader& in) noexcept {
    auto copy = in;
    if (!copy.skip(4)) {
        return 0;
    }
    return copy.be32().value_or(0);
}

}  // namespace

// Which registry rows a dispatch of each kind tries: the enabled rows of that kind, in table
// order, and the UDP ports some udp_port row covers. Built once per decoder. Walking the
// whole table per payload (most rows of another kind, most UDP ports claimed by none) was 6%
// of the decode thread's samples on the benchmark corpus.
struct FrameDecoder::DispatchIndex {
    static constexpr std::size_t kKinds =
        static_cast<std::size_t>(registry::MatchKind::udp_probe) + 1;  // the enum's last
    std::array<std::vector<std::uint16_t>, kKinds> rows;
    std::array<std::uint64_t, 65536 / 64> udp_ports{};  // bit set: a udp_port row covers it

    DispatchIndex(std::span<const registry::DecoderRow> table, const std::vector<bool>& enabled) {
        for (std::size_t i = 0; i < table.size(); ++i) {
            if (!enabled[i]) {
                continue;
            }
            const auto& match = table[i].match;
            rows.at(static_cast<std::size_t>(match.kind)).push_back(static_cast<std::uint16_t>(i));
            if (match.kind == registry::MatchKind::udp_port) {
                for (std::uint32_t port = match.lo; port <= match.hi; ++port) {
                    udp_ports.at(port / 64) |= std::uint64_t{1} << (port % 64);
                }
            }
        }
    }
    [[nodiscard]] std::span<const std::uint16_t> of(registry::MatchKind kind) const noexcept {
        return rows[static_cast<std::size_t>(kind)];
    }
    [[nodiscard]] bool udp_port_claimed(std::uint16_t port) const noexcept {
        return ((udp_ports[port / 64] >> (port % 64)) & 1U) != 0;
    }
};

namespace {

// One frame's walk: references to the decoder's counters, the context and the sink.
class Walk {
   public:
    Walk(std::span<NamedCounters> counters, const FrameDecoder::DispatchIndex& index,
         net::TcpFirstBytes& tcp, net::RoutedCopies& copies, net::ConversationTable* talks,
         std::uint32_t wire_len, PacketContext& ctx, ObservationSink& out) noexcept
        : counters_(counters),
          index_(index),
          tcp_(tcp),
          copies_(copies),
          talks_(talks),
          wire_len_(wire_len),
          ctx_(ctx),
          out_(out) {}

    DecodeResult count(Layer layer, DecodeResult r) noexcept {
        counters_[layer].counters.count(r);
        return r;
    }

    // After a link header: an EtherType (or 802.3 length) or a bare LLC header. The reader is
    // passed by reference down the walk: each layer narrows it in place (copies of a reader
    // just advanced cost store-forwarding stalls on the hot path).
    void link_payload(ByteReader& in, const link::Next& next) noexcept {
        if (next.kind == link::Next::Kind::llc) {
            llc(in, in.remaining());
            return;
        }
        ethertype(in, next.value);
    }

   private:
    void ethertype(ByteReader& in, std::uint16_t type) noexcept {
        while (link::is_vlan_tpid(type)) {
            if (count(kVlan, link::decode_vlan_tag(in, ctx_, type)) != DecodeResult::decoded) {
                return;
            }
        }
        if (type <= link::kMaxLengthField) {
            llc(in, type);
            return;
        }
        network(in, type);
    }

    void llc(ByteReader& in, std::size_t length) noexcept {
        link::LlcHeader hdr;
        if (count(kLlc, link::decode_llc(in, length, hdr)) != DecodeResult::decoded || !hdr.snap) {
            return;
        }
        if (hdr.oui == 0) {  // RFC 1042: the PID is an EtherType
            if (hdr.pid >= link::kMinEthertype) {
                network(in, hdr.pid);
            }
            return;
        }
        dispatch(registry::MatchKind::llc_snap, hdr.oui, hdr.pid, hdr.pid, in);
    }

    void network(ByteReader& in, std::uint16_t type) noexcept {
        ctx_.ethertype = type;
        switch (type) {
            case link::kEthertypeIpv4:
                if (count(kIpv4, net::decode_ipv4(in, ctx_)) == DecodeResult::decoded) {
                    transport(in);
                }
                return;
            case link::kEthertypeIpv6:
                if (count(kIpv6, net::decode_ipv6(in, ctx_)) == DecodeResult::decoded) {
                    transport(in);
                }
                return;
            default:
                dispatch(registry::MatchKind::ethertype, 0, type, type, in);
                return;
        }
    }

    void transport(ByteReader& in) noexcept {
        if (!ctx_.ip_fragment && later_copy(in)) {
            return;
        }
        out_.forget_recognition();
        if (application(in) && !ctx_.ip_later_fragment && talks_ != nullptr) {
            const std::uint32_t row = converse();
            if (!ctx_.ip_fragment) {
                copies_.first_copy_row(row);
            }
        }
    }

    // After the IP header: transport header and application dispatch. False when the
    // transport header could not be read (the packet then updates no conversation).
    bool application(ByteReader& in) noexcept {
        switch (ctx_.ip_proto) {
            case net::kIpProtoUdp:
                ctx_.transport = Transport::udp;
                if (ctx_.ip_later_fragment) {
                    return true;
                }
                if (count(kUdp, net::decode_udp(in, ctx_)) != DecodeResult::decoded) {
                    return false;
                }
                if (ctx_.ip_fragment) {
                    return true;
                }
                // Most datagrams go to ports no udp_port row covers: no walk of those rows.
                if (!(index_.udp_port_claimed(ctx_.src_port) ||
                      index_.udp_port_claimed(ctx_.dst_port)) ||
                    !dispatch(registry::MatchKind::udp_port, 0, ctx_.src_port, ctx_.dst_port, in)) {
                    dispatch(registry::MatchKind::udp_probe, 0, 0, 0, in);
                }
                return true;
            case net::kIpProtoTcp: {
                ctx_.transport = Transport::tcp;
                if (ctx_.ip_later_fragment) {
                    return true;
                }
                const std::uint32_t seq = peek_tcp_seq(in);
                if (count(kTcp, net::decode_tcp(in, ctx_)) != DecodeResult::decoded) {
                    return false;
                }
                if (ctx_.ip_fragment) {
                    return true;
                }
                if ((ctx_.tcp_flags & (kTcpSyn | kTcpAck)) == (kTcpSyn | kTcpAck)) {
                    syn_ack_service();
                }
                tcp_.segment(ctx_, seq, in, out_);
                return true;
            }
            case net::kIpProtoIcmp:
                ctx_.transport = Transport::icmp;
                break;
            case net::kIpProtoIcmpv6:
                ctx_.transport = Transport::icmpv6;
                break;
            default:
                ctx_.transport = Transport::other;
                break;
        }
        if (!ctx_.ip_fragment) {
            dispatch(registry::MatchKind::ip_proto, 0, ctx_.ip_proto, ctx_.ip_proto, in);
        }
        return true;
    }

    // The row updated, or UINT32_MAX.
    std::uint32_t converse() noexcept {
        auto& block = counters_.back().counters;
        // Names the decoders read from this packet (most packets yield no facts: no loop).
        ConversationNames names;
        for (const Observation& o : out_.observations()) {
            if (o.kind == FactKind::server_name && names.server_name.empty()) {
                names.server_name = o.value;
            } else if (o.kind == FactKind::certificate && names.certificate.empty()) {
                names.certificate = o.value;
            }
        }
        const auto outcome = talks_->update(ctx_, wire_len_, out_.recognition(), names);
        ++block.frames;
        ++(outcome.counted ? block.decoded : block.not_mine);
        block.limited += outcome.evicted ? 1 : 0;
        return outcome.row;
    }

    // Fragments are never dispatched, so only whole packets are looked up (and take slots).
    bool later_copy(const ByteReader& l4) noexcept {
        auto& block = counters_[counters_.size() - 2].counters;
        ++block.frames;
        const auto verdict = copies_.check(ctx_, l4);
        if (verdict.later) {
            ++block.not_mine;
            if (talks_ != nullptr && verdict.nat_view_row != net::kNoConversationRow) {
                // The kept copy went to the translator's address; this one reaches the real
                // inside end, which shares the other address (routed_copies.h "NAT views").
                talks_->mark_nat_view(verdict.nat_view_row, ctx_.src_ip);
            }
            return true;
        }
        ++block.decoded;
        return false;
    }

    // RFC 9293 §3.5: a SYN+ACK answers a SYN, so its sender listens on its source port.
    void syn_ack_service() noexcept {
        std::array<char, 12> text{'t', 'c', 'p', '/'};
        const auto [end, ec] =
            std::to_chars(text.data() + 4, text.data() + text.size(), ctx_.src_port);
        if (ec != std::errc{}) {
            return;
        }
        const auto value =
            out_.store(std::string_view(text.data(), static_cast<std::size_t>(end - text.data())));
        if (!value) {
            return;
        }
        out_.emit(ctx_.sender(), FactKind::service, *value, kTcpSource, ctx_.evidence);
        tcp_.count_syn_ack();
    }

    // Generic dispatch: rows of `kind` whose match covers key_a or key_b (or whose probe
    // accepts the payload), in table order, until one claims the payload.
    // Returns whether a row claimed the payload.
    bool dispatch(registry::MatchKind kind, std::uint32_t oui, std::uint16_t key_a,
                  std::uint16_t key_b, const ByteReader& payload) noexcept {
        const auto rows = registry::rows();
        for (const std::uint16_t i : index_.of(kind)) {
            const auto& row = rows[i];
            bool hit = false;
            switch (kind) {
                case registry::MatchKind::llc_snap:
                    hit = row.match.oui == oui && row.match.covers(key_a);
                    break;
                case registry::MatchKind::tcp_probe:
                case registry::MatchKind::udp_probe:
                    hit = row.probe != nullptr && row.probe(payload);
                    break;
                case registry::MatchKind::ethertype:
                case registry::MatchKind::ip_proto:
                case registry::MatchKind::udp_port:
                    hit = row.match.covers(key_a) || row.match.covers(key_b);
                    break;
            }
            if (!hit) {
                continue;
            }
            auto& block = counters_[kLayerCount + i].counters;
            const std::size_t before = out_.size();
            const DecodeResult r = row.decode(payload, ctx_, out_);
            block.count(r);
            block.observations += out_.size() - before;
            if (r != DecodeResult::not_mine) {
                return true;
            }
        }
        return false;
    }

    std::span<NamedCounters> counters_;
    const FrameDecoder::DispatchIndex& index_;
    net::TcpFirstBytes& tcp_;
    net::RoutedCopies& copies_;
    net::ConversationTable* talks_;  // null: no table configured
    std::uint32_t wire_len_;
    PacketContext& ctx_;
    ObservationSink& out_;
};

}  // namespace

FrameDecoder::FrameDecoder(const FrameDecoderConfig& config)
    : tcp_(std::make_unique<net::TcpFirstBytes>(config.tcp)),
      copies_(std::make_unique<net::RoutedCopies>(config.routed_copy_slots)),
      relayed_(std::make_unique<net::RelayedMessages>()),
      conversations_(config.conversations.entries == 0
                         ? nullptr
                         : std::make_unique<net::ConversationTable>(config.conversations)) {
    const auto rows = registry::rows();
    // + tcp_flows + routed_copies + conversations
    counters_.reserve(kLayerCount + rows.size() + 3);
    for (const auto name : kLayerNames) {
        counters_.push_back(NamedCounters{name, {}});
    }
    for (const auto& row : rows) {
        // Checked here, not by static_assert: GCC's sanitizer builds do not fold function
        // pointer comparisons in constant expressions.
        const bool probing = row.match.kind == registry::MatchKind::tcp_probe ||
                             row.match.kind == registry::MatchKind::udp_probe;
        if (row.decode == nullptr || probing != (row.probe != nullptr)) {
            throw std::logic_error("registry row '" + std::string(row.name) +
                                   "': every row decodes; probe rows and only they probe");
        }
        counters_.push_back(NamedCounters{row.name, {}});
    }
    enabled_.assign(rows.size(), true);
    for (const auto& name : config.disabled_decoders) {
        bool known = false;
        for (std::size_t i = 0; i < rows.size(); ++i) {
            if (rows[i].name == name) {
                enabled_[i] = false;
                known = true;
            }
        }
        if (!known) {
            throw std::invalid_argument("disabled_decoders: unknown decoder '" + name + "'");
        }
    }
    index_ = std::make_unique<DispatchIndex>(rows, enabled_);
    counters_.push_back(NamedCounters{kTcpFlowsName, {}});
    std::vector<net::TcpRow> tcp_rows;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (rows[i].match.kind == registry::MatchKind::tcp_probe) {
            tcp_rows.push_back(net::TcpRow{rows[i].name, rows[i].decode, rows[i].probe,
                                           &counters_[kLayerCount + i].counters,
                                           static_cast<bool>(enabled_[i])});
        }
    }
    if (tcp_rows.size() > net::TcpFirstBytes::kMaxTcpRows) {
        throw std::logic_error("registry: more tcp_probe rows than TcpFirstBytes::kMaxTcpRows");
    }
    tcp_->set_rows(tcp_rows, &counters_.back().counters);
    counters_.push_back(NamedCounters{kRoutedCopiesName, {}});  // within the reserve: no move
    counters_.push_back(NamedCounters{kConversationsName, {}});
}

FrameDecoder::~FrameDecoder() = default;
FrameDecoder::FrameDecoder(FrameDecoder&&) noexcept = default;
FrameDecoder& FrameDecoder::operator=(FrameDecoder&&) noexcept = default;

DecodeResult FrameDecoder::decode(const Frame& frame, PacketContext& ctx,
                                  ObservationSink& out) noexcept {
    ctx = PacketContext{};
    ctx.evidence = frame.evidence;
    if (ctx.evidence.ts_us == 0) {
        ctx.evidence.ts_us = frame.ts_us;
    }
    ctx.sensor = frame.sensor;
    ctx.capture_cut = frame.capture_cut();
    ctx.relayed = relayed_.get();

    ByteReader in(frame.bytes, ctx.capture_cut);
    Walk walk(counters_, *index_, *tcp_, *copies_, conversations_.get(), frame.wire_len, ctx, out);
    link::Next next;
    DecodeResult r = DecodeResult::unsupported;
    bool known_link = true;
    switch (frame.link) {
        case LinkType::ethernet:
            r = walk.count(kEthernet, link::decode_ethernet(in, ctx, next));
            break;
        case LinkType::linux_sll:
            r = walk.count(kSll, link::decode_sll(in, ctx, next));
            break;
        case LinkType::linux_sll2:
            r = walk.count(kSll, link::decode_sll2(in, ctx, next));
            break;
        case LinkType::null:
        case LinkType::loop:
            r = walk.count(kLoopback, link::decode_loopback(in, ctx, next));
            break;
        case LinkType::raw:
        case LinkType::raw_dlt12:
            r = walk.count(kRawIp, link::decode_raw_ip(in, ctx, next));
            break;
        default:
            known_link = false;
            break;
    }
    if (!known_link) {
        return walk.count(kOtherLink, DecodeResult::unsupported);
    }
    if (r == DecodeResult::unsupported) {
        return DecodeResult::decoded;  // the link header was read; its payload type is not walked
    }
    if (r != DecodeResult::decoded) {
        return r;
    }
    walk.link_payload(in, next);
    return DecodeResult::decoded;
}

std::span<const NamedCounters> FrameDecoder::counters() const noexcept { return counters_; }

const TcpFlowCounters& FrameDecoder::tcp_flow_counters() const noexcept { return tcp_->counters(); }

void FrameDecoder::conversations(std::vector<Conversation>& out) const {
    if (conversations_) {
        conversations_->rows(out);
    }
}

void FrameDecoder::clear_conversations() noexcept {
    if (conversations_) {
        conversations_->clear();
    }
}

const ConversationCounters& FrameDecoder::conversation_counters() const noexcept {
    static const ConversationCounters kNone;
    return conversations_ ? conversations_->counters() : kNone;
}

bool FrameDecoder::inside_plan_configured() const noexcept {
    return conversations_ && conversations_->plan().configured();
}

std::size_t FrameDecoder::conversation_capacity() const noexcept {
    return conversations_ ? conversations_->capacity() : 0;
}

std::size_t FrameDecoder::conversation_bytes() const noexcept {
    return conversation_capacity() * net::ConversationTable::bytes_per_entry();
}

std::uint64_t FrameDecoder::decode_errors() const noexcept {
    std::uint64_t sum = 0;
    for (const auto& block : counters_) {
        sum += block.counters.errors();
    }
    return sum;
}

}  // namespace daicho::collectors
