// daicho/collectors/os.h on Windows.

#include <windows.h>

#include <cstdio>

#include "daicho/collectors/os.h"

namespace daicho::os {

std::FILE* open_for_reading(const std::filesystem::path& file) {
    return _wfopen(file.c_str(), L"rb");
}

std::int64_t process_id() noexcept { return GetCurrentProcessId(); }

bool process_exists(std::int64_t pid) noexcept {
    if (pid == GetCurrentProcessId()) {
        return true;
    }
    if (pid <= 0 || pid > 0xFFFFFFFF) {
        return false;
    }
    const HANDLE h = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, static_cast<DWORD>(pid));
    if (h == nullptr) {
        // Access denied: it exists and belongs to someone else. Invalid parameter: no such id.
        return GetLastError() != ERROR_INVALID_PARAMETER;
    }
    DWORD code = 0;
    const bool running = GetExitCodeProcess(h, &code) != 0 && code == STILL_ACTIVE;
    CloseHandle(h);
    return running;
}

}  // namespace daicho::os
