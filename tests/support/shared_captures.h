#pragma once
// Where the public capture corpus lives (../shared/captures beside the checkout, or
// $DAICHO_SHARED_CAPTURES). Replay executables that need it exit with kSkipReturnCode and a
// clear message when it is missing, because Catch2 2.13 has no SKIP.

#include <cstdlib>
#include <filesystem>
#include <string>

namespace daicho::test {

inline constexpr int kSkipReturnCode = 77;

inline std::filesystem::path shared_captures_dir() {
    if (const char* env = std::getenv("DAICHO_SHARED_CAPTURES"); env != nullptr && *env != 0) {
        return env;
    }
#ifdef DAICHO_SHARED_CAPTURES_DEFAULT
    return DAICHO_SHARED_CAPTURES_DEFAULT;
#else
    return "../shared/captures";
#endif
}

}  // namespace daicho::test
