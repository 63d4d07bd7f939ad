// platform.h on Windows.

#include <windows.h>
#include <aclapi.h>
#include <bcrypt.h>
#include <io.h>
#include <shlobj.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <system_error>

#include "daicho/service/platform.h"

namespace daicho::platform {

namespace {

[[noreturn]] void fail(const std::string& what, DWORD error = GetLastError()) {
    throw std::system_error(static_cast<int>(error), std::system_category(), what);
}

struct HandleCloser {
    HANDLE h;
    ~HandleCloser() {
        if (h != INVALID_HANDLE_VALUE && h != nullptr) {
            CloseHandle(h);
        }
    }
};

}  // namespace

std::filesystem::path create_temp_beside(const std::filesystem::path& target) {
    const std::filesystem::path dir = target.has_parent_path() ? target.parent_path() : ".";
    // A new file (CREATE_NEW) under a name no one else has: the counter and the tick count make
    // it unique among daicho's own; CREATE_NEW refuses a name someone made meanwhile. The
    // directory's inheritable ACL applies, as for any file created there.
    for (unsigned attempt = 0; attempt < 100; ++attempt) {
        const std::wstring name = L"." + target.filename().wstring() + L"." +
                                  std::to_wstring(GetCurrentProcessId()) + L"." +
                                  std::to_wstring(GetTickCount64() + attempt);
        const std::filesystem::path path = dir / name;
        const HANDLE h = CreateFileW(path.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_NEW,
                                     FILE_ATTRIBUTE_NORMAL, nullptr);
        if (h != INVALID_HANDLE_VALUE) {
            CloseHandle(h);
            return path;
        }
        if (GetLastError() != ERROR_FILE_EXISTS) {
            fail("cannot create a file in " + dir.string());
        }
    }
    fail("cannot create a file in " + dir.string(), ERROR_FILE_EXISTS);
}

std::string cp932_to_utf8(std::string_view in) {
    if (in.empty()) {
        return {};
    }
    if (in.size() > 0x7fffffff) {
        throw std::runtime_error("too large");
    }
    const int n = static_cast<int>(in.size());
    const int wide = MultiByteToWideChar(932, MB_ERR_INVALID_CHARS, in.data(), n, nullptr, 0);
    if (wide <= 0) {
        // Windows does not say where: find the first byte that breaks it.
        int good = 0;
        while (good < n && MultiByteToWideChar(932, MB_ERR_INVALID_CHARS, in.data(), good + 1,
                                               nullptr, 0) > 0) {
            ++good;
        }
        throw std::runtime_error("invalid byte sequence at offset " + std::to_string(good));
    }
    std::wstring text(static_cast<std::size_t>(wide), L'\0');
    MultiByteToWideChar(932, MB_ERR_INVALID_CHARS, in.data(), n, text.data(), wide);
    const int bytes = WideCharToMultiByte(CP_UTF8, 0, text.data(), wide, nullptr, 0, nullptr, nullptr);
    std::string out(static_cast<std::size_t>(bytes > 0 ? bytes : 0), '\0');
    WideCharToMultiByte(CP_UTF8, 0, text.data(), wide, out.data(), bytes, nullptr, nullptr);
    return out;
}

void flush_to_disk(const std::filesystem::path& file) {
    // FlushFileBuffers needs a handle opened for writing.
    const HandleCloser h{CreateFileW(file.c_str(), GENERIC_WRITE,
                                     FILE_SHARE_READ | FILE_SHARE_WRITE, nullptr, OPEN_EXISTING,
                                     FILE_ATTRIBUTE_NORMAL, nullptr)};
    if (h.h == INVALID_HANDLE_VALUE || FlushFileBuffers(h.h) == 0) {
        fail("cannot flush " + file.string());
    }
}

bool readable_by_everyone(const std::filesystem::path& file) {
    PACL dacl = nullptr;
    PSECURITY_DESCRIPTOR sd = nullptr;
    const DWORD rc = GetNamedSecurityInfoW(file.c_str(), SE_FILE_OBJECT, DACL_SECURITY_INFORMATION,
                                           nullptr, nullptr, &dacl, nullptr, &sd);
    if (rc != ERROR_SUCCESS) {
        fail("cannot examine " + file.string(), rc);
    }
    struct Free {
        PSECURITY_DESCRIPTOR sd;
        ~Free() { LocalFree(sd); }
    } free_sd{sd};
    if (dacl == nullptr) {
        return true;  // a NULL DACL grants everyone everything
    }
    // The groups that mean "anyone who can log on".
    std::array<WELL_KNOWN_SID_TYPE, 3> broad{WinWorldSid, WinBuiltinUsersSid,
                                             WinAuthenticatedUserSid};
    for (DWORD i = 0; i < dacl->AceCount; ++i) {
        void* ace = nullptr;
        if (GetAce(dacl, i, &ace) == 0) {
            continue;
        }
        const auto* header = static_cast<const ACE_HEADER*>(ace);
        if (header->AceType != ACCESS_ALLOWED_ACE_TYPE || (header->AceFlags & INHERIT_ONLY_ACE) != 0) {
            continue;
        }
        auto* allowed = static_cast<ACCESS_ALLOWED_ACE*>(ace);
        if ((allowed->Mask & (FILE_READ_DATA | GENERIC_READ | GENERIC_ALL)) == 0) {
            continue;
        }
        // SidStart is the first DWORD of the SID that follows the mask.
        PSID sid = &allowed->SidStart;
        for (const WELL_KNOWN_SID_TYPE type : broad) {
            if (IsWellKnownSid(sid, type) != 0) {
                return true;
            }
        }
    }
    return false;
}

std::string account_name() {
    std::array<wchar_t, 257> name{};
    DWORD size = static_cast<DWORD>(name.size());
    if (GetUserNameW(name.data(), &size) == 0 || size == 0) {
        return {};
    }
    const int length = static_cast<int>(size) - 1;  // without the terminating NUL
    const int bytes = WideCharToMultiByte(CP_UTF8, 0, name.data(), length, nullptr, 0, nullptr, nullptr);
    std::string out(static_cast<std::size_t>(bytes > 0 ? bytes : 0), '\0');
    if (bytes > 0) {
        WideCharToMultiByte(CP_UTF8, 0, name.data(), length, out.data(), bytes, nullptr, nullptr);
    }
    return out;
}

bool stderr_is_terminal() noexcept { return _isatty(_fileno(stderr)) != 0; }

std::filesystem::path executable_path() {
    std::wstring path(MAX_PATH, L'\0');
    for (;;) {
        const DWORD n = GetModuleFileNameW(nullptr, path.data(), static_cast<DWORD>(path.size()));
        if (n == 0) {
            fail("cannot find this program's file");
        }
        if (n < path.size()) {
            path.resize(n);
            return path;
        }
        path.resize(path.size() * 2);
    }
}

std::filesystem::path default_state_dir() {
    PWSTR folder = nullptr;
    std::filesystem::path base = L"C:\\ProgramData";
    if (SHGetKnownFolderPath(FOLDERID_ProgramData, 0, nullptr, &folder) == S_OK) {
        base = folder;
    }
    CoTaskMemFree(folder);
    return base / L"daicho";
}

std::filesystem::path default_config_file() { return default_state_dir() / L"daicho.json"; }

void random_bytes(unsigned char* out, std::size_t size) {
    // ULONG-sized pieces: BCryptGenRandom takes a 32-bit length.
    while (size > 0) {
        const ULONG piece = static_cast<ULONG>(std::min<std::size_t>(size, 1U << 30));
        const NTSTATUS status =
            BCryptGenRandom(nullptr, out, piece, BCRYPT_USE_SYSTEM_PREFERRED_RNG);
        if (status < 0) {
            fail("BCryptGenRandom", static_cast<DWORD>(status));
        }
        out += piece;
        size -= piece;
    }
}

}  // namespace daicho::platform
