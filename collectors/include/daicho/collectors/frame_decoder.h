#pragma once
// Walks one frame down the link, network and transport layers, fills the PacketContext and
// hands the payload to the application decoders of the registry table. Holds counters, the
// bounded TCP first-bytes table (net/tcp_first_bytes.h) and the bounded table of routed
// copies (net/routed_copies.h: a packet seen again in another VLAN of the SPAN yields no
// facts the second time) and the bounded conversation table (conversations.h: every
// inside <-> outside conversation, issue 13), all sized in the constructor.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "daicho/collectors/conversations.h"
#include "daicho/collectors/decoder.h"
#include "daicho/collectors/frame.h"
#include "daicho/collectors/observation.h"
#include "daicho/collectors/packet_context.h"

namespace daicho::collectors {

// Limits of the TCP first-bytes table (STYLE.md §4.3). Memory is fixed at construction:
// about flows * 68 B + buffered_flows * max_first_bytes (defaults: ~12.3 MiB).
struct TcpFlowConfig {
    static constexpr std::size_t kDefaultFlows = 65536;      // directed flows tracked
    static constexpr std::size_t kDefaultBufferedFlows = 256;  // flows buffering at once
    // A DICOM A-ASSOCIATE-RQ proposing ~120 presentation contexts is ~16 KB, and its
    // implementation class UID comes last; 32 KiB keeps the whole PDU.
    static constexpr std::size_t kDefaultMaxFirstBytes = 32768;  // bytes buffered per flow
    static constexpr std::size_t kDefaultMaxMessages = 8;  // messages decoded per direction

    std::size_t flows = kDefaultFlows;
    std::size_t buffered_flows = kDefaultBufferedFlows;
    std::size_t max_first_bytes = kDefaultMaxFirstBytes;
    std::size_t max_messages = kDefaultMaxMessages;
};

// What the TCP first-bytes table did (also summarised in the "tcp_flows" counter block).
struct TcpFlowCounters {
    std::uint64_t segments = 0;         // segments with data, SYN, FIN or RST looked up
    std::uint64_t ignored_segments = 0;  // data segments of ignored flows (the bulk path)
    std::uint64_t new_flows = 0;        // entries created
    std::uint64_t probed = 0;           // streams whose first data went through the probes
    std::uint64_t claimed = 0;          // ... and a row claimed
    std::uint64_t unclaimed = 0;        // ... and no row claimed (then ignored)
    std::uint64_t buffered_segments = 0;  // segments appended to a flow buffer
    std::uint64_t messages = 0;         // final decoder results (one per message)
    std::uint64_t retransmits = 0;      // segments wholly before the expected seq (skipped)
    std::uint64_t gaps = 0;             // claimed/probing streams given up: gap or reorder
    std::uint64_t evictions = 0;        // entries evicted from a full set
    std::uint64_t buffer_limited = 0;   // a message outgrew max_first_bytes
    std::uint64_t pool_full = 0;        // no free buffer for a stream that needed one
    std::uint64_t closed = 0;           // entries freed by FIN or RST
    std::uint64_t syn_ack_services = 0;  // service facts from SYN+ACK
};

struct FrameDecoderConfig {
    std::vector<std::string> disabled_decoders;  // registry names switched off in config
    TcpFlowConfig tcp;
    // Slots of the table that recognises later copies of a routed packet (net/routed_copies.h):
    // 32 bytes each; a power of two. Tests and fuzzers, which build a decoder per input, use
    // a handful.
    std::size_t routed_copy_slots = 8192;
    // The conversation table (conversations.h): its size, idle time and the inside plan.
    ConversationConfig conversations;
};

namespace net {
class TcpFirstBytes;
class RoutedCopies;
class RelayedMessages;
class ConversationTable;
}

class FrameDecoder {
   public:
    explicit FrameDecoder(const FrameDecoderConfig& config = {});
    ~FrameDecoder();
    FrameDecoder(FrameDecoder&&) noexcept;
    FrameDecoder& operator=(FrameDecoder&&) noexcept;
    FrameDecoder(const FrameDecoder&) = delete;
    FrameDecoder& operator=(const FrameDecoder&) = delete;

    struct DispatchIndex;  // which registry rows each kind of dispatch tries (frame_decoder.cpp)

    // Decodes one frame. `ctx` is overwritten; observations are appended to `out`.
    // Returns the link layer's result (decoded unless the frame could not be read at all).
    DecodeResult decode(const Frame& frame, PacketContext& ctx, ObservationSink& out) noexcept;

    // One block per layer and per application decoder, in a fixed order.
    [[nodiscard]] std::span<const NamedCounters> counters() const noexcept;
    // Sum of truncated + malformed over every block.
    [[nodiscard]] std::uint64_t decode_errors() const noexcept;
    // The TCP first-bytes table's own counters.
    [[nodiscard]] const TcpFlowCounters& tcp_flow_counters() const noexcept;

    // The conversation table (issue 13): appends every live row to `out` (control plane:
    // allocates; call it between frames), and the table's counters.
    void conversations(std::vector<Conversation>& out) const;
    [[nodiscard]] const ConversationCounters& conversation_counters() const noexcept;
    // Forgets the rows and zeroes the table's counters (the pipeline, at each capture's start:
    // a capture's rows are stored with it). The "conversations" counter block keeps counting.
    void clear_conversations() noexcept;
    // Whether the inside plan came from the hospital's address plan (else RFC 1918 / ULA).
    [[nodiscard]] bool inside_plan_configured() const noexcept;
    // Memory the table holds: rows and bytes (fixed at construction).
    [[nodiscard]] std::size_t conversation_capacity() const noexcept;
    [[nodiscard]] std::size_t conversation_bytes() const noexcept;

   private:
    std::vector<NamedCounters> counters_;  // sized once in the constructor
    std::vector<bool> enabled_;            // per registry row
    std::unique_ptr<DispatchIndex> index_;
    std::unique_ptr<net::TcpFirstBytes> tcp_;
    std::unique_ptr<net::RoutedCopies> copies_;  // later copies of routed packets (issue 11)
    std::unique_ptr<net::RelayedMessages> relayed_;  // relays' copies of DHCP messages
    std::unique_ptr<net::ConversationTable> conversations_;  // inside <-> outside (issue 13)
};

// Names of every decoder in the registry, in table order (for config validation and --help).
[[nodiscard]] std::span<const std::string_view> decoder_names() noexcept;

}  // namespace daicho::collectors
