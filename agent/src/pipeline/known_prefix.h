#pragma once
// How much of a capture file the ledger already holds, judged by packets (collectors/
// packet_digest.h), not by the file's bytes: the same packets re-saved as pcapng, or a complete
// file whose damaged prefix was ingested before with --accept-damaged.

#include <cstdint>
#include <string>

#include "daicho/collectors/source.h"
#include "daicho/ledger/ledger.h"

namespace daicho::agent {

struct KnownPrefix {
    std::int64_t capture = 0;  // the capture holding the file's first `frames` frames; 0: none
    std::string path;          // that capture's path, to tell the user
    std::uint64_t frames = 0;
    bool whole = false;  // and the file holds no frame after them
};

// Reads `file` from its current position (its first frame) as far as the longest candidate
// capture in the ledger (those sharing its first frame), so a file nothing in the ledger
// starts like costs one frame. A damaged file ends the comparison where the damage is.
[[nodiscard]] KnownPrefix find_known_prefix(const ledger::Ledger& ledger,
                                            collectors::PacketSource& file);

}  // namespace daicho::agent
