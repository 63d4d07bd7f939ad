#pragma once
// sd_notify(3) without linking libsystemd: one datagram to the unix socket systemd names in
// $NOTIFY_SOCKET (a few lines; the protocol is documented as stable in sd_notify(3)). Without
// that variable (a terminal, a test) every call does nothing and returns false.

#include <chrono>
#include <optional>
#include <string_view>

namespace daicho::service {

// Sends `state` ("READY=1", "WATCHDOG=1", "RELOADING=1", "STOPPING=1", "STATUS=...").
bool notify_systemd(std::string_view state) noexcept;

// The watchdog period systemd expects pings within ($WATCHDOG_USEC, for this process when
// $WATCHDOG_PID names it); nullopt when no watchdog is set.
[[nodiscard]] std::optional<std::chrono::microseconds> systemd_watchdog() noexcept;

}  // namespace daicho::service
