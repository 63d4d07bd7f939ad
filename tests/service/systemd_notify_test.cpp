// sd_notify(3)'s protocol without libsystemd (service/systemd_notify.h), against a real unix
// datagram socket standing in for systemd's.

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <array>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <cstring>
#include <string>

#include "daicho/service/systemd_notify.h"
#include "temp_dir.h"

namespace {

// A datagram socket bound at `path`, closed at the end of the scope.
struct Listener {
    int fd = -1;
    explicit Listener(const std::string& path) {
        fd = ::socket(AF_UNIX, SOCK_DGRAM, 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        std::memcpy(addr.sun_path, path.data(), path.size());
        REQUIRE(::bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0);
    }
    ~Listener() { ::close(fd); }
    std::string read() const {
        std::array<char, 256> buf{};
        const auto n = ::recv(fd, buf.data(), buf.size(), MSG_DONTWAIT);
        return n > 0 ? std::string(buf.data(), static_cast<std::size_t>(n)) : std::string();
    }
};

}  // namespace

TEST_CASE("systemd notify: READY and WATCHDOG reach $NOTIFY_SOCKET", "[service]") {
    daicho::test::TempDir tmp;
    const std::string path = (tmp.path() / "notify.sock").string();
    Listener systemd(path);
    ::setenv("NOTIFY_SOCKET", path.c_str(), 1);
    CHECK(daicho::service::notify_systemd("READY=1"));
    CHECK(systemd.read() == "READY=1");
    CHECK(daicho::service::notify_systemd("WATCHDOG=1"));
    CHECK(systemd.read() == "WATCHDOG=1");
    ::setenv("NOTIFY_SOCKET", "relative/path", 1);  // neither absolute nor abstract: refused
    CHECK_FALSE(daicho::service::notify_systemd("READY=1"));
    ::unsetenv("NOTIFY_SOCKET");
    CHECK_FALSE(daicho::service::notify_systemd("READY=1"));  // not under systemd: nothing
}

TEST_CASE("systemd notify: the watchdog period, for this process only", "[service]") {
    ::setenv("WATCHDOG_USEC", "30000000", 1);
    ::unsetenv("WATCHDOG_PID");
    REQUIRE(daicho::service::systemd_watchdog().has_value());
    CHECK(daicho::service::systemd_watchdog()->count() == 30'000'000);
    ::setenv("WATCHDOG_PID", std::to_string(::getpid()).c_str(), 1);
    CHECK(daicho::service::systemd_watchdog().has_value());
    ::setenv("WATCHDOG_PID", std::to_string(::getpid() + 1).c_str(), 1);
    CHECK_FALSE(daicho::service::systemd_watchdog().has_value());
    ::unsetenv("WATCHDOG_PID");
    ::setenv("WATCHDOG_USEC", "soon", 1);
    CHECK_FALSE(daicho::service::systemd_watchdog().has_value());
    ::unsetenv("WATCHDOG_USEC");
    CHECK_FALSE(daicho::service::systemd_watchdog().has_value());
}
