#pragma once
// What the platform asks of a running daemon: stop (SIGTERM from systemd, SIGINT from a
// terminal) and reload (SIGHUP). The Windows service maps its control codes onto the same
// calls. Handlers only set flags and call the one async-signal-safe stop function given.

namespace daicho::service {

// Installs the handlers. `on_stop` runs inside the signal handler: it must be
// async-signal-safe (collectors::LiveCapture::stop writes one byte to a pipe). Calling
// install again replaces it.
void install_signal_handlers(void (*on_stop)() noexcept);

// True once per SIGHUP received since the last call.
[[nodiscard]] bool take_reload_request() noexcept;

// True once SIGTERM or SIGINT was received.
[[nodiscard]] bool stop_requested() noexcept;

}  // namespace daicho::service
