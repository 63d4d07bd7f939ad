#pragma once
// What the platform asks of a running daemon: stop (SIGTERM from systemd, SIGINT from a
// terminal; on Windows Ctrl-C, Ctrl-Break, closing the console, and the service's stop and
// shutdown controls) and reload (SIGHUP; Windows has no such request). posix_signals.cpp and
// windows_console_signals.cpp. Handlers only set flags and call the one async-signal-safe stop function given.

namespace daicho::service {

// Installs the handlers. `on_stop` runs inside the signal handler: it must be
// async-signal-safe (collectors::LiveCapture::stop writes one byte to a pipe). Calling
// install again replaces it.
void install_signal_handlers(void (*on_stop)() noexcept);

// True once per SIGHUP received since the last call.
[[nodiscard]] bool take_reload_request() noexcept;

// What a stop signal does, for stop requests that come another way (the Windows service
// control handler): sets the flag and calls on_stop. Async-signal-safe.
void request_stop() noexcept;

// True once SIGTERM or SIGINT was received.
[[nodiscard]] bool stop_requested() noexcept;

}  // namespace daicho::service
