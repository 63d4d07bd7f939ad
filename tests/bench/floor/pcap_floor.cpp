// pcap_floor: the least work any libpcap-based reader must do over a capture file -
// pcap_open_offline and a pcap_loop whose callback only counts packets and captured bytes.
// The same loop as ../shared/bench/pcap_floor.c, the floor the figures of issue 10 are
// measured against (pcap_loop, not pcap_next_ex: the cheapest way libpcap offers).
// run-ingest-bench.sh compares `daicho ingest` against this rate.
//   pcap_floor FILE   ->   "pcap_floor: frames=N bytes=B seconds=S pps=P"

#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>

#include <pcap/pcap.h>

namespace {

struct Counters {
    std::uint64_t frames = 0;
    std::uint64_t bytes = 0;
};

void count(u_char* user, const pcap_pkthdr* hdr, const u_char* /*data*/) {
    // libpcap's callback signature carries the user pointer as u_char*.
    auto* c = reinterpret_cast<Counters*>(user);
    ++c->frames;
    c->bytes += hdr->caplen;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: pcap_floor CAPTURE\n");
        return 2;
    }
    std::array<char, PCAP_ERRBUF_SIZE> errbuf{};
    const auto t0 = std::chrono::steady_clock::now();
    pcap_t* p = pcap_open_offline(argv[1], errbuf.data());
    if (p == nullptr) {
        std::fprintf(stderr, "pcap_floor: %s: %s\n", argv[1], errbuf.data());
        return 1;
    }
    Counters c;
    if (pcap_loop(p, -1, &count, reinterpret_cast<u_char*>(&c)) == PCAP_ERROR) {
        std::fprintf(stderr, "pcap_floor: %s: frame %llu: %s\n", argv[1],
                     static_cast<unsigned long long>(c.frames + 1), pcap_geterr(p));
        pcap_close(p);
        return 1;
    }
    pcap_close(p);
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("pcap_floor: frames=%llu bytes=%llu seconds=%.3f pps=%.0f\n",
                static_cast<unsigned long long>(c.frames), static_cast<unsigned long long>(c.bytes),
                secs, secs > 0 ? static_cast<double>(c.frames) / secs : 0.0);
    return 0;
}
