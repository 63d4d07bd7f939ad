#pragma once
// A function run once per flag, thread-safe, that may throw: a throw leaves the flag unset and
// the next caller runs it again (as the standard says of std::call_once).
//
// Not std::call_once: outside glibc, libstdc++ builds it on pthread_once, and with MinGW-w64's
// winpthreads an exception thrown out of it left the once machinery locked, so the next
// std::call_once, on any flag, waited forever (seen under Wine: DicomUids::from_json refusing
// one bad file, then the next from_json hung; a daemon's reload of a broken knowledge file
// would have done the same).

#include <atomic>
#include <mutex>
#include <utility>

namespace daicho::ledger {

class OnceFlag {
   public:
    template <class F>
    void call(F&& f) {
        if (done_.load(std::memory_order_acquire)) {
            return;
        }
        const std::lock_guard lock(mutex_);
        if (!done_.load(std::memory_order_relaxed)) {
            std::forward<F>(f)();
            done_.store(true, std::memory_order_release);
        }
    }

    // Done without running anything: the work was done before any other thread could see it.
    void set() noexcept { done_.store(true, std::memory_order_release); }

   private:
    std::atomic<bool> done_{false};
    std::mutex mutex_;
};

}  // namespace daicho::ledger
