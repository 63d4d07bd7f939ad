#include "pipeline/known_prefix.h"

#include <algorithm>
#include <vector>

#include "daicho/collectors/packet_digest.h"

namespace daicho::agent {

namespace {

// The next frame into the digest; false at the end of the file or at damage (which the
// ingest itself reports).
bool read_next(collectors::PacketSource& file, collectors::Frame& frame,
               collectors::PacketDigest& digest) {
    try {
        if (!file.next(frame)) {
            return false;
        }
    } catch (const collectors::CaptureError&) {
        return false;
    }
    digest.add(frame);
    return true;
}

}  // namespace

KnownPrefix find_known_prefix(const ledger::Ledger& ledger, collectors::PacketSource& file) {
    collectors::PacketDigest digest;
    collectors::Frame frame;
    bool more = read_next(file, frame, digest);
    std::vector<ledger::CaptureRecord> candidates = ledger.find_captures_by_head(digest.hex());
    std::erase_if(candidates, [](const auto& c) { return c.packet_digest.empty(); });
    std::sort(candidates.begin(), candidates.end(),
              [](const auto& a, const auto& b) { return a.packet_frames < b.packet_frames; });
    KnownPrefix known;
    std::size_t next = 0;
    for (;;) {
        while (next < candidates.size() && candidates[next].packet_frames <= digest.frames()) {
            const auto& c = candidates[next++];
            if (c.packet_frames == digest.frames() && c.packet_digest == digest.hex()) {
                known.capture = c.id;
                known.path = c.path;
                known.frames = c.packet_frames;
            }
        }
        if (next == candidates.size() || !more) {
            break;
        }
        more = read_next(file, frame, digest);
    }
    if (known.capture != 0 && known.frames == digest.frames()) {
        known.whole = !(more && read_next(file, frame, digest));
    }
    return known;
}

}  // namespace daicho::agent
