// Live capture through Npcap's wpcap.dll on Windows (daicho/collectors/live_capture.h).
//
// Windows has no poll(2) over capture handles: each handle reads with a short timeout
// (pcap_next_ex returns 0 when it passes), round robin over the interfaces, and the loop looks
// at its stop flag between reads, so a stop is seen within one timeout per interface. Npcap's
// kernel buffer (`buffer_mib`) is the queue, as on Linux; its drops are counted by pcap_stats.
// A driver that goes away (a Windows feature update resets Npcap) fails pcap_next_ex: that is
// thrown, never a capture that silently sees nothing.

#include "daicho/collectors/live_capture.h"

#include <winsock2.h>
#include <iphlpapi.h>
#include <windows.h>

#include <limits>
#include <vector>

#include "source/live_handle.h"

namespace daicho::collectors {

namespace {

// How long one read waits for a frame: short, since every interface and the stop flag wait
// behind it.
constexpr int kWindowsReadTimeoutMs = 20;

// Frames read from one interface before looking at the others (as on Linux).
constexpr int kBurst = 64;

std::string utf8(const wchar_t* text) {
    if (text == nullptr) {
        return {};
    }
    const int bytes = WideCharToMultiByte(CP_UTF8, 0, text, -1, nullptr, 0, nullptr, nullptr);
    if (bytes <= 1) {
        return {};
    }
    std::string out(static_cast<std::size_t>(bytes - 1), '\0');
    WideCharToMultiByte(CP_UTF8, 0, text, -1, out.data(), bytes, nullptr, nullptr);
    return out;
}

}  // namespace

// Npcap names a device "\Device\NPF_{GUID}"; the adapter with that GUID has the name Windows
// shows ("Ethernet 2").
std::string friendly_name_of(const std::string& device) {
    const std::string prefix = "\\Device\\NPF_";
    if (device.rfind(prefix, 0) != 0) {
        return device;
    }
    const std::string guid = device.substr(prefix.size());
    ULONG size = 16 * 1024;
    std::vector<unsigned char> buffer;
    ULONG rc = ERROR_BUFFER_OVERFLOW;
    for (int attempt = 0; attempt < 3 && rc == ERROR_BUFFER_OVERFLOW; ++attempt) {
        buffer.resize(size);
        rc = GetAdaptersAddresses(AF_UNSPEC, GAA_FLAG_SKIP_ANYCAST | GAA_FLAG_SKIP_MULTICAST |
                                                 GAA_FLAG_SKIP_DNS_SERVER | GAA_FLAG_SKIP_UNICAST,
                                  nullptr, reinterpret_cast<IP_ADAPTER_ADDRESSES*>(buffer.data()),
                                  &size);
    }
    if (rc != NO_ERROR) {
        return device;
    }
    for (auto* a = reinterpret_cast<IP_ADAPTER_ADDRESSES*>(buffer.data()); a != nullptr;
         a = a->Next) {
        if (a->AdapterName != nullptr && guid == a->AdapterName) {
            const std::string name = utf8(a->FriendlyName);
            return name.empty() ? device : name;
        }
    }
    return device;
}

struct LiveCapture::Impl {
    std::vector<Handle> handles;
    std::string name;  // "live:Ethernet 2,..."
    std::atomic<bool> stopped{false};
    std::size_t next_handle = 0;
    int burst = 0;
    std::uint64_t frames = 0;
    std::uint64_t bytes = 0;

    ~Impl() {
        for (Handle& h : handles) {
            if (h.pcap != nullptr) {
                pcap_library().close(h.pcap);
            }
        }
    }
};

LiveCapture::LiveCapture(std::vector<LiveInterface> interfaces) : impl_(std::make_unique<Impl>()) {
    if (interfaces.empty()) {
        throw CaptureError("live", "no interface to capture on");
    }
    if (interfaces.size() > std::numeric_limits<std::uint16_t>::max()) {
        throw CaptureError("live", "too many interfaces");
    }
    impl_->name = "live:";
    for (auto& i : interfaces) {
        impl_->name += (impl_->name.size() > 5 ? "," : "") + i.name;
        Handle h;
        h.config = std::move(i);
        impl_->handles.push_back(std::move(h));
    }
    for (Handle& h : impl_->handles) {
        h.device = device_for(h.config.name);
        open_handle(h, kWindowsReadTimeoutMs);
    }
}

LiveCapture::~LiveCapture() = default;

LiveCapture::Next LiveCapture::poll(Frame& frame, std::chrono::milliseconds wait) {
    Impl& m = *impl_;
    const std::size_t n = m.handles.size();
    const auto until = std::chrono::steady_clock::now() + wait;
    do {
        for (std::size_t tried = 0; tried < n; ++tried) {
            if (m.stopped.load(std::memory_order_relaxed)) {
                return Next::stopped;
            }
            if (m.burst >= kBurst) {
                m.burst = 0;
                m.next_handle = (m.next_handle + 1) % n;
            }
            const auto id = static_cast<std::uint16_t>(m.next_handle);
            if (read_frame(m.handles[m.next_handle], id, m.frames + 1, frame)) {
                ++m.frames;
                m.bytes += frame.bytes.size();
                ++m.burst;
                return Next::frame;
            }
            m.burst = 0;
            m.next_handle = (m.next_handle + 1) % n;
        }
    } while (std::chrono::steady_clock::now() < until);
    return m.stopped.load(std::memory_order_relaxed) ? Next::stopped : Next::idle;
}

bool LiveCapture::next(Frame& frame) {
    for (;;) {
        switch (poll(frame, std::chrono::milliseconds(kReadTimeoutMs * 10))) {
            case Next::frame:
                return true;
            case Next::stopped:
                return false;
            case Next::idle:
                break;
        }
    }
}

// The flag, then every handle's read woken. The read timeout alone is not enough: a read can
// stay blocked in the driver while the interface is idle (seen under Wine's wpcap.dll: the
// service never stopped on a quiet loopback), and pcap_breakloop wakes it (Npcap sets the
// adapter's read event; libpcap writes its break descriptor).
void LiveCapture::stop() noexcept {
    impl_->stopped.store(true, std::memory_order_relaxed);
    const PcapLibrary& api = pcap_library();
    if (api.breakloop != nullptr) {
        for (Handle& h : impl_->handles) {
            if (h.pcap != nullptr) {
                api.breakloop(h.pcap);
            }
        }
    }
}

std::uint16_t LiveCapture::interface_count() const noexcept {
    return static_cast<std::uint16_t>(impl_->handles.size());
}

LinkType LiveCapture::link_type(std::uint16_t id) const noexcept {
    return id < impl_->handles.size() ? impl_->handles[id].link : LinkType::ethernet;
}

const std::string& LiveCapture::name() const noexcept { return impl_->name; }

CaptureProgress LiveCapture::progress() const noexcept { return {impl_->bytes, 0, impl_->frames}; }

SourceStats LiveCapture::stats() const noexcept {
    std::uint64_t dropped = 0;
    for (const Handle& h : impl_->handles) {
        pcap_stat st{};
        if (pcap_library().stats(h.pcap, &st) == 0) {
            dropped += st.ps_drop + st.ps_ifdrop;
        }
    }
    return {impl_->frames, dropped};
}

std::vector<InterfaceStats> LiveCapture::interface_stats() const {
    std::vector<InterfaceStats> out;
    for (const Handle& h : impl_->handles) {
        out.push_back(handle_stats(h));
    }
    return out;
}

}  // namespace daicho::collectors
