#pragma once
// Walks one frame down the link, network and transport layers, fills the PacketContext and
// hands the payload to the application decoders of the registry table. Holds only counters
// (and, from the identity-decoder issue on, the bounded TCP first-bytes table).

#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

#include "daicho/collectors/decoder.h"
#include "daicho/collectors/frame.h"
#include "daicho/collectors/observation.h"
#include "daicho/collectors/packet_context.h"

namespace daicho::collectors {

struct FrameDecoderConfig {
    std::vector<std::string> disabled_decoders;  // registry names switched off in config
};

class FrameDecoder {
   public:
    explicit FrameDecoder(const FrameDecoderConfig& config = {});

    // Decodes one frame. `ctx` is overwritten; observations are appended to `out`.
    // Returns the link layer's result (decoded unless the frame could not be read at all).
    DecodeResult decode(const Frame& frame, PacketContext& ctx, ObservationSink& out) noexcept;

    // One block per layer and per application decoder, in a fixed order.
    [[nodiscard]] std::span<const NamedCounters> counters() const noexcept;
    // Sum of truncated + malformed over every block.
    [[nodiscard]] std::uint64_t decode_errors() const noexcept;

   private:
    std::vector<NamedCounters> counters_;  // sized once in the constructor
    std::vector<bool> enabled_;            // per registry row
};

// Names of every decoder in the registry, in table order (for config validation and --help).
[[nodiscard]] std::span<const std::string_view> decoder_names() noexcept;

}  // namespace daicho::collectors
