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
        throw std::runtime_error(std::string("libpcap has no ") + symbol +
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
        throw std::runtime_error("libpcap is not installed (Debian: apt-get install libpcap0.8): " +
                                 why);
    }
    PcapLibrary api;
    resolve(library, "pcap_fopen_offline_with_tstamp_precision", api.fopen_offline);
    resolve(library, "pcap_close", api.close);
    resolve(library, "pcap_datalink", api.datalink);
    resolve(library, "pcap_datalink_val_to_name", api.datalink_val_to_name);
    resolve(library, "pcap_file", api.file);
    resolve(library, "pcap_geterr", api.geterr);
    resolve(library, "pcap_next_ex", api.next_ex);
    resolve(library, "pcap_create", api.create);
    resolve(library, "pcap_set_snaplen", api.set_snaplen);
    resolve(library, "pcap_set_promisc", api.set_promisc);
    resolve(library, "pcap_set_buffer_size", api.set_buffer_size);
    resolve(library, "pcap_set_immediate_mode", api.set_immediate_mode);
    resolve(library, "pcap_set_timeout", api.set_timeout);
    resolve(library, "pcap_activate", api.activate);
    resolve(library, "pcap_statustostr", api.statustostr);
    resolve(library, "pcap_compile", api.compile);
    resolve(library, "pcap_setfilter", api.setfilter);
    resolve(library, "pcap_freecode", api.freecode);
    resolve(library, "pcap_setnonblock", api.setnonblock);
    resolve(library, "pcap_get_selectable_fd", api.get_selectable_fd);
    resolve(library, "pcap_stats", api.stats);
    return api;  // the library stays loaded for the process's life
}

}  // namespace

const PcapLibrary& pcap_library() {
    static const PcapLibrary api = load();
    return api;
}

}  // namespace daicho::collectors
