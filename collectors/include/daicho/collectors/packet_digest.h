#pragma once
// The identity of a capture by its packets, not by its file's bytes: a pcap and its pcapng
// re-save hold the same frames, and a capture cut off by damage holds the first frames of the
// whole file. Each frame contributes its timestamp (microseconds), original length, captured
// length and captured bytes; frames chain in order, so the digest after n frames names exactly
// the first n frames, and a stored capture is a prefix of a new one when the new one's digest
// after that many frames is the stored digest.
//
// 64 bits, fast (about 8 bytes per cycle, so it costs the packet path a few nanoseconds per
// frame), not cryptographic: it tells captures apart, it is no security boundary.

#include <cstdint>
#include <string>

#include "daicho/collectors/frame.h"

namespace daicho::collectors {

class PacketDigest {
   public:
    void add(const Frame& frame) noexcept;
    // A digest computed elsewhere (a source's reader thread), to continue or print.
    [[nodiscard]] static PacketDigest resume(std::uint64_t value, std::uint64_t frames) noexcept {
        PacketDigest d;
        d.state_ = value;
        d.frames_ = frames;
        return d;
    }

    [[nodiscard]] std::uint64_t frames() const noexcept { return frames_; }
    [[nodiscard]] std::uint64_t value() const noexcept { return state_; }
    // 16 lower-case hex digits.
    [[nodiscard]] std::string hex() const;

   private:
    std::uint64_t state_ = 0x6a09e667f3bcc908ULL;  // the digest of no frames
    std::uint64_t frames_ = 0;
};

}  // namespace daicho::collectors
