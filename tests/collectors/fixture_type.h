#pragma once
// One annotated frame fixture: shared by the byte-vector tests, the truncation sweep and the
// fuzz seed writer. `proto` is the registry name of the application decoder the frame
// reaches ("arp", "dhcp", "mdns", ...) or "frame" when none; `payload_offset` is where that
// decoder's bytes start (the input of fuzz_<proto>), 0 when there is none.

#include <cstddef>
#include <string_view>

#include "daicho/collectors/frame.h"

namespace daicho::test::fixtures {

struct FrameFixture {
    std::string_view name;
    collectors::LinkType link;
    std::string_view proto;
    std::size_t payload_offset;
    std::string_view hex;
};

}  // namespace daicho::test::fixtures
