// Live capture through libpcap (daicho/collectors/live_capture.h).

#include "daicho/collectors/live_capture.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <limits>

#include "source/live_handle.h"

namespace daicho::collectors {

namespace {

// Frames read from one interface before looking at the others: one busy port cannot starve
// a quiet one, and a burst is still read in few system calls.
constexpr int kBurst = 64;

// Opens one interface for poll(2): non-blocking, with its selectable descriptor.
void open(Handle& h) {
    open_handle(h, kReadTimeoutMs);
    const PcapLibrary& api = pcap_library();
    const std::string& name = h.config.name;
    std::array<char, PCAP_ERRBUF_SIZE> error{};
    if (api.setnonblock(h.pcap, 1, error.data()) != 0) {
        throw CaptureError(name, std::string("cannot read without blocking: ") + error.data());
    }
    h.fd = api.get_selectable_fd(h.pcap);
    if (h.fd < 0) {
        throw CaptureError(name, "libpcap gives no descriptor to wait on");
    }
}

}  // namespace

// Linux names interfaces by the names people use.
std::string friendly_name_of(const std::string& device) { return device; }

struct LiveCapture::Impl {
    std::vector<Handle> handles;
    std::string name;  // "live:eth1,eth2"
    std::array<int, 2> wake{-1, -1};  // stop() writes a byte into [1]
    std::atomic<bool> stopped{false};
    std::vector<pollfd> fds;  // one per handle, then the wake pipe
    std::size_t next_handle = 0;  // round robin over ready interfaces
    int burst = 0;
    std::uint64_t frames = 0;
    std::uint64_t bytes = 0;

    ~Impl() {
        for (Handle& h : handles) {
            if (h.pcap != nullptr) {
                pcap_library().close(h.pcap);
            }
        }
        for (int fd : wake) {
            if (fd >= 0) {
                ::close(fd);
            }
        }
    }

    // One frame from handle i if it has one.
    bool read_one(std::size_t i, Frame& frame) {
        if (!read_frame(handles[i], static_cast<std::uint16_t>(i), frames + 1, frame)) {
            return false;
        }
        ++frames;
        bytes += frame.bytes.size();
        return true;
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
        open(h);
    }
    if (::pipe2(impl_->wake.data(), O_NONBLOCK | O_CLOEXEC) != 0) {
        throw CaptureError(impl_->name, std::string("cannot make a wake-up pipe: ") +
                                            std::strerror(errno));
    }
    for (const Handle& h : impl_->handles) {
        impl_->fds.push_back(pollfd{h.fd, POLLIN, 0});
    }
    impl_->fds.push_back(pollfd{impl_->wake[0], POLLIN, 0});
}

LiveCapture::~LiveCapture() = default;

LiveCapture::Next LiveCapture::poll(Frame& frame, std::chrono::milliseconds wait) {
    Impl& m = *impl_;
    const std::size_t n = m.handles.size();
    for (int round = 0; round < 2; ++round) {
        if (m.stopped.load(std::memory_order_relaxed)) {
            return Next::stopped;
        }
        // What the kernel has buffered already, round robin, a burst per interface at most.
        for (std::size_t tried = 0; tried < n; ++tried) {
            if (m.burst >= kBurst) {
                m.burst = 0;
                m.next_handle = (m.next_handle + 1) % n;
            }
            if (m.read_one(m.next_handle, frame)) {
                ++m.burst;
                return Next::frame;
            }
            m.burst = 0;
            m.next_handle = (m.next_handle + 1) % n;
        }
        if (round == 1) {
            break;
        }
        // Nothing buffered: wait for a descriptor, the wake-up pipe or the timeout.
        for (pollfd& p : m.fds) {
            p.revents = 0;
        }
        const int rc = ::poll(m.fds.data(), m.fds.size(), static_cast<int>(wait.count()));
        if (rc < 0 && errno != EINTR) {
            throw CaptureError(m.name, std::string("poll failed: ") + std::strerror(errno));
        }
        if (rc <= 0) {
            return m.stopped.load(std::memory_order_relaxed) ? Next::stopped : Next::idle;
        }
        // A packet socket whose interface went down (or vanished) reports POLLERR with
        // ENETDOWN; in non-blocking mode libpcap never looks, so the error is read here.
        for (std::size_t i = 0; i < n; ++i) {
            if ((m.fds[i].revents & (POLLERR | POLLHUP | POLLNVAL)) != 0) {
                int error = 0;
                socklen_t length = sizeof error;
                ::getsockopt(m.fds[i].fd, SOL_SOCKET, SO_ERROR, &error, &length);
                throw CaptureError(m.handles[i].config.name,
                                   std::string("capture failed: ") +
                                       (error == ENETDOWN ? "the interface went down"
                                        : error != 0      ? std::strerror(error)
                                                          : "the interface is gone"));
            }
        }
    }
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

void LiveCapture::stop() noexcept {
    impl_->stopped.store(true, std::memory_order_relaxed);
    const char byte = 1;
    // write(2) is async-signal-safe; a full pipe already holds a wake-up.
    [[maybe_unused]] const auto written = ::write(impl_->wake[1], &byte, 1);
}

std::uint16_t LiveCapture::interface_count() const noexcept {
    return static_cast<std::uint16_t>(impl_->handles.size());
}

LinkType LiveCapture::link_type(std::uint16_t id) const noexcept {
    return id < impl_->handles.size() ? impl_->handles[id].link : LinkType::ethernet;
}

const std::string& LiveCapture::name() const noexcept { return impl_->name; }

CaptureProgress LiveCapture::progress() const noexcept {
    return {impl_->bytes, 0, impl_->frames};
}

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
