#pragma once
// Private to the capture-file source (open_capture_file): reads a CaptureFile on its own
// thread, a few blocks ahead of the caller.
//
// Reading a capture (the kernel's page-cache copy plus libpcap's record parsing) costs about
// as much as decoding it; it is the whole of the libpcap "floor". A reader thread moves that
// cost to the second core, so ingest runs at the speed of the slower of the two instead of
// their sum. Frames are copied into a fixed ring of blocks allocated once at construction:
// nothing is allocated per frame, memory stays at blocks * block_bytes, and the ring is freed
// as soon as next() has reported the end (or the damage), even while the object lives on.
//
// The decode thread paces an ingest and this thread idles about a third of the time, so
// handing it some of the decoder's work looks attractive. Two ways were measured on the
// benchmark corpus (2 vCPUs) and dropped: this thread walked each frame's headers and hashed
// its table keys, and the decode thread either prefetched those slots eight frames ahead (its
// stalls moved to the first read of the keys the other core had written) or used the keys
// instead of hashing them itself (its samples did not fall beyond the noise). Either way the
// process used 0.5-0.7 s more CPU for no shorter wall time. For scale, in one sitting: pinned
// to one core, an ingest of the corpus took 3.55 s; on two cores 2.38 s; a perfect split of
// the same work, with the 0.47 s of commit after the last frame, would take 2.0 s.
//
// The contract is CaptureFile's: next() hands out frames in file order, their bytes valid
// until the next call; a damaged file yields every frame before the damage and then throws
// the same CaptureError the file would have.

#include <cstddef>
#include <cstdint>
#include <memory>

#include "daicho/collectors/frame.h"
#include "daicho/collectors/packet_digest.h"
#include "daicho/collectors/source.h"

namespace daicho::collectors {

struct ReadAheadConfig {
    // 4 x 1 MiB: about 12,000 frames of mixed traffic, several milliseconds of decoding, so
    // the reader rides out being descheduled. A larger ring only costs: measured on the
    // benchmark corpus, 4 x 4 MiB took more CPU (3.8-3.9 s against 3.4-3.8 s; the frames are
    // out of the CPU caches by the time they are decoded) and 12 MiB more RSS, for no gain in
    // wall time.
    static constexpr std::size_t kDefaultBlockBytes = std::size_t{1} << 20U;
    static constexpr std::size_t kDefaultBlocks = 4;
    // Each block must hold the largest frame libpcap hands out (snaplen <= 262144).
    std::size_t block_bytes = kDefaultBlockBytes;
    std::size_t blocks = kDefaultBlocks;
};

class ReadAhead {
   public:
    // Starts the reader thread. `file` must outlive this object and is read only by that
    // thread until this object is destroyed. Throws std::invalid_argument on a bad config.
    explicit ReadAhead(CaptureFile& file, const ReadAheadConfig& config = {});
    // Stops the reader (even mid-file) and joins it.
    ~ReadAhead();
    ReadAhead(const ReadAhead&) = delete;
    ReadAhead& operator=(const ReadAhead&) = delete;

    bool next(Frame& frame);
    // Where the caller is: the file position after the block it is reading, and the frames
    // handed out so far.
    [[nodiscard]] CaptureProgress progress() const noexcept;
    // The packet digest of the frames handed out so far, computed on the reader thread.
    [[nodiscard]] PacketDigest digest() const noexcept;

   private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace daicho::collectors
