#pragma once
// libpcap, loaded when the first capture is opened rather than when daicho starts. Linked at
// start, libpcap brought eight more shared libraries (D-Bus, systemd, libgcrypt, the
// compressors) into every process, and mapping and relocating them was about a quarter of
// what a one-device command such as `explain` spent before doing anything; commands that
// only read the ledger never capture. The Windows build loads Npcap's wpcap.dll the same way
// (Npcap asks applications to load it from its own directory at run time).
// Private to daicho_collectors.

#include <pcap/pcap.h>

namespace daicho::collectors {

// The libpcap functions daicho calls, resolved from the loaded library.
struct PcapLibrary {
    decltype(&::pcap_fopen_offline_with_tstamp_precision) fopen_offline = nullptr;
    decltype(&::pcap_close) close = nullptr;
    decltype(&::pcap_datalink) datalink = nullptr;
    decltype(&::pcap_datalink_val_to_name) datalink_val_to_name = nullptr;
    decltype(&::pcap_file) file = nullptr;
    decltype(&::pcap_geterr) geterr = nullptr;
    decltype(&::pcap_next_ex) next_ex = nullptr;
    // Live capture (live_capture.cpp).
    decltype(&::pcap_create) create = nullptr;
    decltype(&::pcap_set_snaplen) set_snaplen = nullptr;
    decltype(&::pcap_set_promisc) set_promisc = nullptr;
    decltype(&::pcap_set_buffer_size) set_buffer_size = nullptr;
    decltype(&::pcap_set_immediate_mode) set_immediate_mode = nullptr;
    decltype(&::pcap_set_timeout) set_timeout = nullptr;
    decltype(&::pcap_activate) activate = nullptr;
    decltype(&::pcap_statustostr) statustostr = nullptr;
    decltype(&::pcap_compile) compile = nullptr;
    decltype(&::pcap_setfilter) setfilter = nullptr;
    decltype(&::pcap_freecode) freecode = nullptr;
    decltype(&::pcap_setnonblock) setnonblock = nullptr;
    decltype(&::pcap_get_selectable_fd) get_selectable_fd = nullptr;
    decltype(&::pcap_stats) stats = nullptr;
};

// Loads libpcap on the first call (thread-safe) and keeps it loaded. Throws
// std::runtime_error saying which library is missing and how to install it.
[[nodiscard]] const PcapLibrary& pcap_library();

}  // namespace daicho::collectors
