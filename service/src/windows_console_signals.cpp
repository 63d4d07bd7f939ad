// process_signals.h on Windows: Ctrl-C, Ctrl-Break, closing the console, logoff and shutdown
// (SetConsoleCtrlHandler), and the service's controls (windows_service.cpp calls
// request_stop). The handler runs on a thread of its own, so on_stop only needs to be
// thread-safe. Windows has no reload request: the config is read again at the next start.

#include <windows.h>

#include <atomic>

#include "daicho/service/process_signals.h"

namespace daicho::service {

namespace {

std::atomic<void (*)() noexcept> g_on_stop{nullptr};
std::atomic<bool> g_stop{false};

BOOL WINAPI on_console(DWORD event) {
    switch (event) {
        case CTRL_C_EVENT:
        case CTRL_BREAK_EVENT:
        case CTRL_CLOSE_EVENT:
        case CTRL_SHUTDOWN_EVENT:
            request_stop();
            return TRUE;
        default:
            return FALSE;  // logoff: a service keeps running
    }
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
    static std::atomic<bool> installed{false};
    if (!installed.exchange(true)) {
        SetConsoleCtrlHandler(on_console, TRUE);
    }
}

bool take_reload_request() noexcept { return false; }

bool stop_requested() noexcept { return g_stop.load(); }

}  // namespace daicho::service
