// POSIX signals behind process_signals.h.

#include <csignal>

#include <atomic>

#include "daicho/service/process_signals.h"

namespace daicho::service {

namespace {

// Lock-free atomics are async-signal-safe to touch from a handler.
std::atomic<void (*)() noexcept> g_on_stop{nullptr};
std::atomic<bool> g_stop{false};
std::atomic<bool> g_reload{false};
static_assert(std::atomic<bool>::is_always_lock_free);

extern "C" void on_signal(int signo) {
    if (signo == SIGHUP) {
        g_reload.store(true);
        return;
    }
    request_stop();
}

}  // namespace

void request_stop() noexcept {
    g_stop.store(true);
    if (auto* stop = g_on_stop.load()) {
        stop();
    }
}

void install_signal_handlers(void (*on_stop)() noexcept) {
    g_on_stop.store(on_stop);
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    for (int signo : {SIGTERM, SIGINT, SIGHUP}) {
        sigaction(signo, &sa, nullptr);
    }
}

bool take_reload_request() noexcept { return g_reload.exchange(false); }

bool stop_requested() noexcept { return g_stop.load(); }

}  // namespace daicho::service
