// pcap_floor: the least work any libpcap-based reader must do over a capture file -
// pcap_open_offline and a pcap_next_ex loop that only counts packets and captured bytes.
// run-ingest-bench.sh compares `daicho ingest` against this rate.
//   pcap_floor FILE   ->   "pcap_floor: frames=N bytes=B seconds=S pps=P"

#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>

#include <pcap/pcap.h>

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
    std::uint64_t frames = 0;
    std::uint64_t bytes = 0;
    pcap_pkthdr* hdr = nullptr;
    const u_char* data = nullptr;
    int rc = 0;
    while ((rc = pcap_next_ex(p, &hdr, &data)) == 1) {
        ++frames;
        bytes += hdr->caplen;
    }
    if (rc == PCAP_ERROR) {
        std::fprintf(stderr, "pcap_floor: %s: frame %llu: %s\n", argv[1],
                     static_cast<unsigned long long>(frames + 1), pcap_geterr(p));
        pcap_close(p);
        return 1;
    }
    pcap_close(p);
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("pcap_floor: frames=%llu bytes=%llu seconds=%.3f pps=%.0f\n",
                static_cast<unsigned long long>(frames), static_cast<unsigned long long>(bytes),
                secs, secs > 0 ? static_cast<double>(frames) / secs : 0.0);
    return 0;
}
