#pragma once
// The operating system calls the core stages need below the daemon: opening a capture file by
// its full name (collectors) and telling whether a process still runs (the ledger's capture
// claims, write/writer.cpp). One declaration here, one implementation per platform
// (src/os/os_posix.cpp, src/os/os_windows.cpp) chosen by collectors/CMakeLists.txt, in the
// small daicho_os library, which links nothing of daicho's: the lowest stage holds it so the
// ledger and collectors never include a later one (the daemon's own platform interface is
// service/include/daicho/service/platform.h).

#include <cstdint>
#include <cstdio>
#include <filesystem>

namespace daicho::os {

// fopen(file, "rb") with the file's full name (Windows: its UTF-16 name, not the ANSI code
// page's); nullptr and errno set when it cannot be opened.
[[nodiscard]] std::FILE* open_for_reading(const std::filesystem::path& file);

[[nodiscard]] std::int64_t process_id() noexcept;
// False only when no process `pid` exists (a process of another user still exists).
[[nodiscard]] bool process_exists(std::int64_t pid) noexcept;

}  // namespace daicho::os
