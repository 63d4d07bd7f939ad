#include "cli/progress.h"

#include <cstdio>
#include <cstdlib>

#include "daicho/service/platform.h"

namespace daicho::agent {

namespace {
constexpr auto kRedrawEvery = std::chrono::milliseconds(100);
constexpr int kBarWidth = 30;
}  // namespace

bool ProgressBar::terminal_allows() noexcept {
    const char* ci = std::getenv("CI");
    if (ci != nullptr && *ci != 0) {
        return false;
    }
    const char* term = std::getenv("TERM");
    if (term != nullptr && std::string_view(term) == "dumb") {
        return false;
    }
    return platform::stderr_is_terminal();
}

ProgressBar::ProgressBar(bool wanted, std::uint64_t total_bytes)
    : active_(wanted && terminal_allows()), total_(total_bytes == 0 ? 1 : total_bytes) {}

ProgressBar::~ProgressBar() { clear(); }

void ProgressBar::update(std::uint64_t bytes_before, std::uint64_t bytes_in_file,
                         std::uint64_t frames, const std::string& label) {
    if (!active_) {
        return;
    }
    const auto now = std::chrono::steady_clock::now();
    if (drawn_ && now - last_draw_ < kRedrawEvery) {
        return;
    }
    last_draw_ = now;
    const double done =
        static_cast<double>(bytes_before + bytes_in_file) / static_cast<double>(total_);
    const double clamped = done > 1.0 ? 1.0 : done;
    const int filled = static_cast<int>(clamped * kBarWidth);
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.append(static_cast<std::size_t>(kBarWidth - filled), '.');
    std::string name = label.size() > 40 ? "..." + label.substr(label.size() - 37) : label;
    std::fprintf(stderr, "\r\033[K[%s] %3d%%  %llu frames  %s", bar.c_str(),
                 static_cast<int>(clamped * 100.0), static_cast<unsigned long long>(frames),
                 name.c_str());
    std::fflush(stderr);
    drawn_ = true;
}

void ProgressBar::clear() {
    if (active_ && drawn_) {
        std::fputs("\r\033[K", stderr);
        std::fflush(stderr);
        drawn_ = false;
    }
}

}  // namespace daicho::agent
