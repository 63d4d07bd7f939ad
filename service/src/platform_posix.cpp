// platform.h on Linux (POSIX).

#include <fcntl.h>
#include <iconv.h>
#include <pwd.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <system_error>

#include "daicho/service/platform.h"

namespace daicho::platform {

namespace {

[[noreturn]] void fail(const std::string& what) {
    throw std::system_error(errno, std::generic_category(), what);
}

// umask(2) cannot be read without setting it, which would race other threads; Linux reports
// it in /proc/self/status.
mode_t current_umask() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("Umask:", 0) == 0) {
            return static_cast<mode_t>(std::strtoul(line.c_str() + 6, nullptr, 8));
        }
    }
    return 077;  // unknown: keep the file private
}

}  // namespace

std::filesystem::path create_temp_beside(const std::filesystem::path& target) {
    const std::filesystem::path dir = target.has_parent_path() ? target.parent_path() : ".";
    std::string tmpl = (dir / ("." + target.filename().string() + ".XXXXXX")).string();
    const int fd = mkstemp(tmpl.data());
    if (fd < 0) {
        fail("cannot create a file in " + dir.string());
    }
    // mkstemp makes the file 0600; a file replacing another keeps that file's mode, a new one
    // gets what creat(2) would give it.
    struct stat st {};
    const mode_t mode =
        ::stat(target.c_str(), &st) == 0 ? (st.st_mode & 07777) : (0666 & ~current_umask());
    ::fchmod(fd, mode);
    ::close(fd);
    return tmpl;
}

std::string cp932_to_utf8(std::string_view in) {
    struct Closer {
        void operator()(void* cd) const noexcept { iconv_close(static_cast<iconv_t>(cd)); }
    };
    iconv_t cd = iconv_open("UTF-8", "CP932");
    if (cd == reinterpret_cast<iconv_t>(-1)) {  // NOLINT: iconv's documented failure value
        throw std::runtime_error("this system's iconv cannot read Shift_JIS (CP932)");
    }
    const std::unique_ptr<void, Closer> guard(cd);
    std::string out;
    // Shift_JIS takes one or two bytes per character and UTF-8 at most three for them.
    out.resize(in.size() * 3 / 2 + 16);
    char* src = const_cast<char*>(in.data());  // iconv's API; the input is not written
    std::size_t src_left = in.size();
    char* dst = out.data();
    std::size_t dst_left = out.size();
    if (iconv(cd, &src, &src_left, &dst, &dst_left) == static_cast<std::size_t>(-1)) {
        const auto at = in.size() - src_left;
        throw std::runtime_error(std::string(errno == EINVAL ? "cut off" : "invalid") +
                                 " byte sequence at offset " + std::to_string(at));
    }
    out.resize(out.size() - dst_left);
    return out;
}

void flush_to_disk(const std::filesystem::path& file) {
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0 || ::fsync(fd) != 0) {
        const int err = errno;
        if (fd >= 0) {
            ::close(fd);
        }
        errno = err;
        fail("cannot flush " + file.string());
    }
    ::close(fd);
}

bool readable_by_everyone(const std::filesystem::path& file) {
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0) {
        fail("cannot examine " + file.string());
    }
    return (st.st_mode & S_IROTH) != 0;
}

std::string account_name() {
    // The account, not $USER, which any caller can set; $USER only when the account has no
    // name (a container's bare uid).
    if (const passwd* pw = getpwuid(geteuid()); pw != nullptr && pw->pw_name != nullptr) {
        return pw->pw_name;
    }
    const char* user = std::getenv("USER");
    return user != nullptr ? user : "";
}

bool stderr_is_terminal() noexcept { return isatty(STDERR_FILENO) == 1; }

std::filesystem::path executable_path() { return std::filesystem::read_symlink("/proc/self/exe"); }

std::filesystem::path default_state_dir() { return "/var/lib/daicho"; }
std::filesystem::path default_config_file() { return "/etc/daicho/daicho.json"; }

void random_bytes(unsigned char* out, std::size_t size) {
    std::size_t got = 0;
    while (got < size) {
        const ssize_t n = ::getrandom(out + got, size - got, 0);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            fail("getrandom");
        }
        got += static_cast<std::size_t>(n);
    }
}

}  // namespace daicho::platform
