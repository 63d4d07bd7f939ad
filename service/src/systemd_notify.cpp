// sd_notify(3)'s protocol (systemd_notify.h).

#include "daicho/service/systemd_notify.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <charconv>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <string>

namespace daicho::service {

bool notify_systemd(std::string_view state) noexcept {
    const char* path = std::getenv("NOTIFY_SOCKET");
    if (path == nullptr || path[0] == '\0') {
        return false;
    }
    const std::string_view name(path);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    // "@name" is a socket in the abstract namespace: a leading NUL byte.
    if (name.size() >= sizeof addr.sun_path || (name[0] != '/' && name[0] != '@')) {
        return false;
    }
    std::memcpy(addr.sun_path, name.data(), name.size());
    if (addr.sun_path[0] == '@') {
        addr.sun_path[0] = '\0';
    }
    const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return false;
    }
    const auto length = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + name.size());
    // The sockets API takes every address family through sockaddr*.
    const ssize_t sent = ::sendto(fd, state.data(), state.size(), MSG_NOSIGNAL,
                                  reinterpret_cast<const sockaddr*>(&addr), length);
    ::close(fd);
    return sent == static_cast<ssize_t>(state.size());
}

std::optional<std::chrono::microseconds> systemd_watchdog() noexcept {
    const char* usec = std::getenv("WATCHDOG_USEC");
    if (usec == nullptr) {
        return std::nullopt;
    }
    if (const char* pid = std::getenv("WATCHDOG_PID"); pid != nullptr) {
        long who = 0;
        const std::string_view p(pid);
        if (std::from_chars(p.data(), p.data() + p.size(), who).ec != std::errc{} ||
            who != static_cast<long>(::getpid())) {
            return std::nullopt;  // meant for another process
        }
    }
    long long value = 0;
    const std::string_view u(usec);
    if (std::from_chars(u.data(), u.data() + u.size(), value).ec != std::errc{} || value <= 0) {
        return std::nullopt;
    }
    return std::chrono::microseconds(value);
}

}  // namespace daicho::service
