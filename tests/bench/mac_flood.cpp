// daicho-macflood: a macof-style flood capture for the flood benchmark (README "Floods"):
// N TCP SYNs, each from a random unicast source MAC and IPv4 address to a random destination,
// 100,000 frames a second of capture time. Deterministic per seed; write it to a scratch
// directory and never commit the result.
//
//   daicho-macflood OUT.pcap [FRAMES=1000000] [SEED=1]

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include "frame_builder.h"
#include "pcap_writer.h"
#include "rng.h"

using daicho::capgen::FrameBuilder;
using daicho::capgen::Mac;
using daicho::capgen::PcapWriter;
using daicho::capgen::Rng;

namespace {

Mac random_unicast(Rng& rng) {
    Mac m;
    for (auto& b : m.b) {
        b = rng.byte();
    }
    m.b[0] = static_cast<std::uint8_t>(m.b[0] & 0xFEU);  // individual, as macof sends
    return m;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2 || argc > 4) {
        std::fprintf(stderr, "usage: daicho-macflood OUT.pcap [FRAMES] [SEED]\n");
        return 2;
    }
    try {
        const std::uint64_t frames = argc > 2 ? std::stoull(argv[2]) : 1'000'000;
        Rng rng(argc > 3 ? std::stoull(argv[3]) : 1);
        PcapWriter out(argv[1], 0);
        FrameBuilder f;
        constexpr std::int64_t kStartUs = 1772438400'000000;  // 2026-03-02T08:00:00Z
        constexpr std::int64_t kGapUs = 10;                   // 100,000 frames a second
        for (std::uint64_t i = 0; i < frames; ++i) {
            f.ethernet(random_unicast(rng), random_unicast(rng), 0, daicho::capgen::kEtherIpv4);
            f.ipv4(static_cast<std::uint32_t>(rng.next()), static_cast<std::uint32_t>(rng.next()),
                   daicho::capgen::kProtoTcp, 64, static_cast<std::uint16_t>(rng.next()));
            f.tcp(static_cast<std::uint16_t>(rng.next()), static_cast<std::uint16_t>(rng.next()),
                  static_cast<std::uint32_t>(rng.next()), 0, daicho::capgen::kSyn, 512);
            out.write(kStartUs + static_cast<std::int64_t>(i) * kGapUs, f.finish());
        }
        out.close();
        std::printf("%llu frames -> %s\n", static_cast<unsigned long long>(frames), argv[1]);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "daicho-macflood: %s\n", e.what());
        return 1;
    }
    return 0;
}
