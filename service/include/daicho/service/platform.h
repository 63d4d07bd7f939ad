#pragma once
// What daicho asks of its operating system outside the daemon's signals and notify
// (process_signals.h, systemd_notify.h): file durability, the account, processes, where the
// service keeps its files. One declaration here, one implementation per platform
// (platform_posix.cpp, platform_windows.cpp), chosen by service/CMakeLists.txt, so no stage
// carries its own #ifdef. What the core stages below the service need of the OS (a capture
// file's full name, whether a process runs) is daicho/collectors/os.h.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>

namespace daicho::platform {

// A new empty file beside `target` (same directory, a hidden unique name), to be renamed over
// it: with `target`'s permissions when it exists, else what creating a file would give (the
// umask on Linux; the directory's inherited ACL on Windows). Throws std::system_error.
[[nodiscard]] std::filesystem::path create_temp_beside(const std::filesystem::path& target);

// Shift_JIS (code page 932, what Japanese Excel saves as "CSV") as UTF-8: glibc's iconv on
// Linux, MultiByteToWideChar on Windows. Throws std::runtime_error saying where the first byte
// that is not CP932 is.
[[nodiscard]] std::string cp932_to_utf8(std::string_view in);

// The file's data on the disk (fsync / FlushFileBuffers) before it is renamed into place.
// Throws std::system_error.
void flush_to_disk(const std::filesystem::path& file);

// True when someone other than the owner, its group and the administrators can read `file`
// (the API token must not be): the "other" read bit on Linux; an ACE granting read to
// Everyone, Users or Authenticated Users on Windows. Throws std::system_error when the file
// cannot be examined.
[[nodiscard]] bool readable_by_everyone(const std::filesystem::path& file);

// The account this process runs as (the name, never the environment's $USER unless the
// account has none); empty when unknown.
[[nodiscard]] std::string account_name();

// `size` bytes from the operating system's cryptographic random source into `out`
// (getrandom(2) on Linux, BCryptGenRandom on Windows): session ids and CSRF tokens. Throws
// std::system_error when the source fails.
void random_bytes(unsigned char* out, std::size_t size);

// True when standard error is a terminal or console (progress bars).
[[nodiscard]] bool stderr_is_terminal() noexcept;

// The running program's own file (the service manager is given it).
[[nodiscard]] std::filesystem::path executable_path();

// Where the service keeps its state and config by default: /var/lib/daicho and
// /etc/daicho/daicho.json on Linux (the Debian package's), %ProgramData%\daicho and
// %ProgramData%\daicho\daicho.json on Windows.
[[nodiscard]] std::filesystem::path default_state_dir();
[[nodiscard]] std::filesystem::path default_config_file();

}  // namespace daicho::platform
