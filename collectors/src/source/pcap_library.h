#pragma once
// libpcap, loaded when the first capture is opened rather than when daicho starts. Linked at
// start, libpcap brought eight more shared libraries (D-Bus, systemd, libgcrypt, the
// compressors) into every process, and mapping and relocating them was about a quarter of
// what a one-device command such as `explain` spent before doing anything; commands that
// only read the ledger never capture. The Windows build loads Npcap's wpcap.dll the same way
// (Npcap asks applications to load it from its own directory at run time).
// Private to daicho_collectors.

#include <pcap/pcap.h>

#include "daicho/collectors/source.h"

namespace daicho::collectors {

// The libpcap functions daicho calls: X(member, symbol). Files need the first group; live
// capture the second; the platform's way of waiting the last (pcap_library.cpp,
// pcap_library_windows.cpp resolve the lists).
#define DAICHO_PCAP_COMMON_FUNCTIONS(X)                           \
    X(close, pcap_close)                                          \
    X(datalink, pcap_datalink)                                    \
    X(geterr, pcap_geterr)                                        \
    X(next_ex, pcap_next_ex)
#define DAICHO_PCAP_FILE_FUNCTIONS(X)                             \
    X(datalink_val_to_name, pcap_datalink_val_to_name)            \
    X(file, pcap_file)
#define DAICHO_PCAP_LIVE_FUNCTIONS(X)                             \
    X(create, pcap_create)                                        \
    X(set_snaplen, pcap_set_snaplen)                              \
    X(set_promisc, pcap_set_promisc)                              \
    X(set_buffer_size, pcap_set_buffer_size)                      \
    X(set_timeout, pcap_set_timeout)                              \
    X(activate, pcap_activate)                                    \
    X(statustostr, pcap_statustostr)                              \
    X(compile, pcap_compile)                                      \
    X(setfilter, pcap_setfilter)                                  \
    X(freecode, pcap_freecode)                                    \
    X(setnonblock, pcap_setnonblock)                              \
    X(stats, pcap_stats)                                          \
    X(findalldevs, pcap_findalldevs)                              \
    X(freealldevs, pcap_freealldevs)
// In libpcap and Npcap, possibly missing from some wpcap.dll (Wine's): nullptr there.
// pcap_breakloop wakes a read blocked in the driver (Windows' stop, live_capture_windows.cpp).
#define DAICHO_PCAP_OPTIONAL_FUNCTIONS(X)                         \
    X(set_immediate_mode, pcap_set_immediate_mode)                \
    X(breakloop, pcap_breakloop)

#define DAICHO_PCAP_MEMBER(member, symbol) decltype(&::symbol) member = nullptr;
struct PcapLibrary {
    DAICHO_PCAP_COMMON_FUNCTIONS(DAICHO_PCAP_MEMBER)
    DAICHO_PCAP_FILE_FUNCTIONS(DAICHO_PCAP_MEMBER)
    DAICHO_PCAP_LIVE_FUNCTIONS(DAICHO_PCAP_MEMBER)
    DAICHO_PCAP_OPTIONAL_FUNCTIONS(DAICHO_PCAP_MEMBER)
    // Typed here: on Windows pcap.h declares neither (the first is a macro there, the second
    // is POSIX only).
    pcap_t* (*fopen_offline)(FILE*, u_int, char*) = nullptr;  // ..._with_tstamp_precision
    int (*get_selectable_fd)(pcap_t*) = nullptr;  // Linux only: poll(2) on the descriptor
};
#undef DAICHO_PCAP_MEMBER

// The library live capture uses: libpcap on Linux, Npcap's wpcap.dll on Windows. Loaded on
// the first call (thread-safe) and kept loaded. Throws CaptureUnavailable saying which
// library is missing and how to install it.
[[nodiscard]] const PcapLibrary& pcap_library();

// The library capture files are read with: the same libpcap on Linux; on Windows the one
// linked into daicho.exe (built without a capture mechanism), so files need no Npcap. Its
// live members are nullptr there.
[[nodiscard]] const PcapLibrary& pcap_file_library();

}  // namespace daicho::collectors
