// libpcap loaded at run time: see pcap_library.h.

#include "source/pcap_library.h"

#include <dlfcn.h>

#include <array>
#include <cstring>
#include <stdexcept>
#include <string>

namespace daicho::collectors {

namespace {

// The names the library goes by: Debian's soname (libpcap0.8), upstream's, and the
// development link.
constexpr std::array<const char*, 3> kNames{"libpcap.so.0.8", "libpcap.so.1", "libpcap.so"};

// POSIX dlsym hands functions back as void*; copying the bytes into the function pointer is
// the conversion POSIX allows without a cast the compiler may warn about.
template <typename Fn>
void resolve(void* library, const char* symbol, Fn& out) {
    void* address = dlsym(library, symbol);
    if (address == nullptr) {
        throw CaptureUnavailable("libpcap", "apt-get install libpcap0.8",
                                 std::string("libpcap has no ") + symbol +
                                     " (libpcap 1.5 or later is needed)");
    }
    static_assert(sizeof out == sizeof address);
    std::memcpy(&out, &address, sizeof out);
}

PcapLibrary load() {
    void* library = nullptr;
    std::string why;
    for (const char* name : kNames) {
        // RTLD_NOW: a missing symbol shows here, not in the middle of a capture.
        library = dlopen(name, RTLD_NOW | RTLD_LOCAL);
        if (library != nullptr) {
            break;
        }
        if (why.empty()) {
            const char* error = dlerror();
            why = error != nullptr ? error : name;
        }
    }
    if (library == nullptr) {
        throw CaptureUnavailable("libpcap", "apt-get install libpcap0.8", why);
    }
    PcapLibrary api;
#define DAICHO_PCAP_RESOLVE(member, symbol) resolve(library, #symbol, api.member);
    DAICHO_PCAP_COMMON_FUNCTIONS(DAICHO_PCAP_RESOLVE)
    DAICHO_PCAP_FILE_FUNCTIONS(DAICHO_PCAP_RESOLVE)
    DAICHO_PCAP_LIVE_FUNCTIONS(DAICHO_PCAP_RESOLVE)
    DAICHO_PCAP_OPTIONAL_FUNCTIONS(DAICHO_PCAP_RESOLVE)
#undef DAICHO_PCAP_RESOLVE
    resolve(library, "pcap_fopen_offline_with_tstamp_precision", api.fopen_offline);
    resolve(library, "pcap_get_selectable_fd", api.get_selectable_fd);
    return api;  // the library stays loaded for the process's life
}

}  // namespace

const PcapLibrary& pcap_library() {
    static const PcapLibrary api = load();
    return api;
}

const PcapLibrary& pcap_file_library() { return pcap_library(); }

}  // namespace daicho::collectors
