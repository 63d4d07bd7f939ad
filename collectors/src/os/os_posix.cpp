// daicho/collectors/os.h on Linux (POSIX).

#include <signal.h>
#include <unistd.h>

#include <cerrno>

#include "daicho/collectors/os.h"

namespace daicho::os {

std::FILE* open_for_reading(const std::filesystem::path& file) {
    return std::fopen(file.c_str(), "rb");
}

std::int64_t process_id() noexcept { return ::getpid(); }

bool process_exists(std::int64_t pid) noexcept {
    return pid == ::getpid() || ::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH;
}

}  // namespace daicho::os
