#pragma once
// A one-line progress bar on stderr for long ingests. It draws only on an interactive
// terminal: never when stderr is piped or redirected, under CI (CI set), or with --quiet.

#include <chrono>
#include <cstdint>
#include <string>

namespace daicho::agent {

class ProgressBar {
   public:
    // total_bytes: the sum of every capture's size, so the bar spans the whole command.
    ProgressBar(bool wanted, std::uint64_t total_bytes);
    ~ProgressBar();
    ProgressBar(const ProgressBar&) = delete;
    ProgressBar& operator=(const ProgressBar&) = delete;

    [[nodiscard]] bool active() const noexcept { return active_; }
    // Bytes done before the current file, and the current file's state.
    void update(std::uint64_t bytes_before, std::uint64_t bytes_in_file, std::uint64_t frames,
                const std::string& label);
    // Removes the bar so the next line prints cleanly.
    void clear();

    // True when a bar can be drawn here (terminal on stderr, not CI).
    [[nodiscard]] static bool terminal_allows() noexcept;

   private:
    bool active_;
    bool drawn_ = false;
    std::uint64_t total_;
    std::chrono::steady_clock::time_point last_draw_{};
};

}  // namespace daicho::agent
