#pragma once
// One live capture handle, opened and configured the same way on every platform; the waiting
// (poll(2) on Linux, read timeouts on Windows) is the platform's live_capture*.cpp.
// Private to daicho_collectors.

#include <cstdint>
#include <string>

#include "daicho/collectors/live_capture.h"
#include "source/pcap_library.h"

namespace daicho::collectors {

// A read timeout for platforms where immediate mode is missing (and the longest a Windows
// read waits before the loop looks at its stop flag again).
constexpr int kReadTimeoutMs = 100;

struct Handle {
    LiveInterface config;
    std::string device;  // what libpcap opens: config.name, or the device it names (Windows)
    pcap_t* pcap = nullptr;
    int fd = -1;
    LinkType link = LinkType::ethernet;
    std::uint64_t received = 0;
};

[[nodiscard]] std::string pcap_message(pcap_t* pcap);

// Opens, configures (snap length, buffer, promiscuous, immediate mode where the library has
// it, read timeout), activates and filters one interface. Throws CaptureError naming it.
void open_handle(Handle& h, int read_timeout_ms);

// Reads one frame from `h` into `frame` (1), none buffered (0); throws CaptureError when the
// interface failed. `frame_no` counts frames over every interface.
bool read_frame(Handle& h, std::uint16_t id, std::uint64_t frame_no, Frame& frame);

// The device name the library opens for `name` (capture_devices(): a device name as it is; a
// friendly name or description that names one device, that device). Throws CaptureError.
[[nodiscard]] std::string device_for(const std::string& name);

// The platform's name for a device a person knows (live_capture*.cpp).
[[nodiscard]] std::string friendly_name_of(const std::string& device);

// Kernel and interface drops of one handle, from pcap_stats.
[[nodiscard]] InterfaceStats handle_stats(const Handle& h);

}  // namespace daicho::collectors
