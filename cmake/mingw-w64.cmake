# Cross build for 64-bit Windows with Debian's MinGW-w64 (g++-mingw-w64-x86-64-posix: the
# posix thread model, which has std::thread and std::mutex). Used by the `windows` preset and
# by deploy/windows/build-deps.sh for the libraries Debian ships only for Linux.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(DAICHO_MINGW_TRIPLE x86_64-w64-mingw32)
set(CMAKE_C_COMPILER ${DAICHO_MINGW_TRIPLE}-gcc-posix)
set(CMAKE_CXX_COMPILER ${DAICHO_MINGW_TRIPLE}-g++-posix)
set(CMAKE_RC_COMPILER ${DAICHO_MINGW_TRIPLE}-windres)

# The dependency prefix build-deps.sh fills; the preset passes it.
set(DAICHO_WINDOWS_DEPS "${CMAKE_CURRENT_LIST_DIR}/../build-windows-deps" CACHE PATH
  "Prefix holding the Windows builds of SQLite, zlib, expat, libzip, libxlsxwriter, PCRE2, libpcap")
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES DAICHO_WINDOWS_DEPS)
# Libraries and headers only from the MinGW sysroot and that prefix: never the host's Linux
# builds (libsqlite3-dev's libsqlite3.a would link and fail).
set(CMAKE_FIND_ROOT_PATH /usr/${DAICHO_MINGW_TRIPLE} ${DAICHO_WINDOWS_DEPS})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# pkg-config reads only the prefix's .pc files, with the static libraries' own dependencies
# (libzip and libxlsxwriter need zlib).
set(ENV{PKG_CONFIG_LIBDIR} "${DAICHO_WINDOWS_DEPS}/lib/pkgconfig")
set(ENV{PKG_CONFIG_PATH} "")
set(PKG_CONFIG_ARGN --static)

# Test executables run under Wine (ctest, and Catch2's test discovery if ever used).
find_program(DAICHO_WINE NAMES wine wine64)
if(DAICHO_WINE)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${DAICHO_WINE})
endif()

# Headers that come as they are (Asio) live in the prefix's include folder, linked there by
# build-deps.sh: every target sees it, as /usr/include is seen on Linux.
set(CMAKE_CXX_STANDARD_INCLUDE_DIRECTORIES ${DAICHO_WINDOWS_DEPS}/include)
