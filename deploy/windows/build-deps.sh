#!/usr/bin/env bash
# Builds, for x86_64-w64-mingw32, the libraries Debian ships only for Linux, from Debian's own
# source packages (`apt-get source`, Debian's patches applied): SQLite, zlib, expat, libzip,
# libxlsxwriter, PCRE2 (8-bit, without JIT) and libpcap (file reading only: PCAP_TYPE=null; live
# capture loads Npcap's wpcap.dll at run time). Static libraries only, -O2, no tools, tests
# or documentation, installed into PREFIX with pkg-config files. The header-only packages
# (nlohmann/json, CLI11, Catch2, Asio) are linked into PREFIX as they are: the cross compiler
# must not see the host's /usr/include (glibc's headers would shadow MinGW's).
#
#   deploy/windows/build-deps.sh [PREFIX]     (default: build-windows-deps beside deploy/)
#
# Needs deploy/windows/install-cross-deps.sh (the compilers and the deb-src entry). A
# complete PREFIX (its stamp names this script's hash) is left alone: the script returns at
# once.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
prefix="$(realpath -m "${1:-$root/build-windows-deps}")"
triple=x86_64-w64-mingw32
stamp="$prefix/.complete"
want="$(sha256sum "$0" | cut -c1-16)"
if [[ -f $stamp && "$(cat "$stamp")" == "$want" ]]; then
  echo "build-deps: $prefix is complete"
  exit 0
fi
for tool in ${triple}-gcc-posix ${triple}-ar dpkg-source cmake ninja tclsh flex bison; do
  command -v "$tool" >/dev/null || {
    echo "build-deps: $tool missing: run deploy/windows/install-cross-deps.sh" >&2; exit 1; }
done

t0=$(date +%s)
jobs="${DAICHO_JOBS:-2}"
work="$prefix/.work"
# A stamp from another version of this script: start again (a partial run keeps its parts).
if [[ -f $stamp ]]; then rm -rf "$prefix"; fi
mkdir -p "$work" "$prefix/lib/pkgconfig" "$prefix/include"
toolchain="$root/cmake/mingw-w64.cmake"
export CFLAGS="-O2"
cc="${triple}-gcc-posix"

# The source of Debian package $1, unpacked with Debian's patches; prints its directory. The
# security suite's newest version comes first; when the mirror lacks it, the release's.
fetch() {
  local pkg="$1" dir
  rm -rf "$work/src/$pkg"
  mkdir -p "$work/src/$pkg"
  cd "$work/src/$pkg"
  if ! apt-get source -qq --download-only "$pkg" >/dev/null 2>&1; then
    rm -f ./*
    apt-get source -qq --download-only "$pkg/bookworm" >/dev/null 2>&1 ||
      { echo "build-deps: apt-get source $pkg failed (is the deb-src entry there?)" >&2; exit 1; }
  fi
  dpkg-source -q -x ./*.dsc src >/dev/null 2>&1
  echo "$work/src/$pkg/src"
}

# cmake configure + build of one package, static, through the shared toolchain; TARGET (when
# set) builds only that target.
cmake_build() {
  local src="$1"; shift
  # In the source tree: libpcap's configure step runs flex with --header-file=NUL: (its
  # Windows null device), which on Linux is a file in the current directory.
  cd "$src"
  cmake -S "$src" -B "$src/_build" -G Ninja --toolchain "$toolchain" \
    -DDAICHO_WINDOWS_DEPS="$prefix" -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_FLAGS_RELEASE=-O2 \
    -DCMAKE_INSTALL_PREFIX="$prefix" -DCMAKE_PREFIX_PATH="$prefix" -DBUILD_SHARED_LIBS=OFF \
    -Wno-dev "$@" >"$src/_configure.log" 2>&1 || { tail -30 "$src/_configure.log" >&2; exit 1; }
  cmake --build "$src/_build" -j "$jobs" ${TARGET:+--target "$TARGET"} >"$src/_build.log" 2>&1 ||
    { tail -30 "$src/_build.log" >&2; exit 1; }
}

# One package, skipped when an earlier (interrupted) run finished it.
timed() {
  local s; s=$(date +%s)
  [[ -f $prefix/.done-$1 ]] && return 0
  "$@"
  touch "$prefix/.done-$1"
  echo "build-deps: $1 $(( $(date +%s) - s )) s"
}

zlib() {
  local src; src="$(fetch zlib)"
  # Debian's source drops win32/: the library is its fifteen C files.
  local objs=() f
  for f in adler32 compress crc32 deflate gzclose gzlib gzread gzwrite infback inffast inflate \
           inftrees trees uncompr zutil; do
    $cc -O2 -c "$src/$f.c" -o "$src/$f.o"
    objs+=("$src/$f.o")
  done
  ${triple}-ar rcs "$prefix/lib/libz.a" "${objs[@]}"
  cp "$src/zlib.h" "$src/zconf.h" "$prefix/include/"
  local version; version="$(sed -n 's/^#define ZLIB_VERSION "\(.*\)"/\1/p' "$src/zlib.h")"
  printf 'prefix=%s\nlibdir=${prefix}/lib\nincludedir=${prefix}/include\n\nName: zlib\nDescription: zlib compression library\nVersion: %s\nLibs: -L${libdir} -lz\nCflags: -I${includedir}\n' \
    "$prefix" "$version" > "$prefix/lib/pkgconfig/zlib.pc"
}

# SQLite: Debian's source tree makes the amalgamation (sqlite3.c) with the host's tclsh, then
# the cross compiler builds it with Debian's own feature flags (debian/rules).
sqlite() {
  local src; src="$(fetch sqlite3)"
  mkdir -p "$src/_amalg"
  (cd "$src/_amalg" && ../configure --disable-tcl >/dev/null && make -j "$jobs" sqlite3.c >/dev/null 2>&1)
  local flags
  flags="$(sed -n '/^export CFLAGS += /,/^$/p' "$src/debian/rules" | grep -o -- '-DSQLITE_[A-Z0-9_]*\(=[0-9]*\)\?' | tr '\n' ' ')"
  # shellcheck disable=SC2086
  $cc -O2 -c $flags -DSQLITE_THREADSAFE=1 -DSQLITE_OMIT_LOAD_EXTENSION -o "$src/_amalg/sqlite3.o" "$src/_amalg/sqlite3.c"
  ${triple}-ar rcs "$prefix/lib/libsqlite3.a" "$src/_amalg/sqlite3.o"
  cp "$src/_amalg/sqlite3.h" "$src/_amalg/sqlite3ext.h" 2>/dev/null "$prefix/include/" || cp "$src/_amalg/sqlite3.h" "$prefix/include/"
  local version; version="$(cat "$src/VERSION")"
  printf 'prefix=%s\nlibdir=${prefix}/lib\nincludedir=${prefix}/include\n\nName: SQLite\nDescription: SQL database engine\nVersion: %s\nLibs: -L${libdir} -lsqlite3\nCflags: -I${includedir}\n' \
    "$prefix" "$version" > "$prefix/lib/pkgconfig/sqlite3.pc"
}

expat() {
  local src; src="$(fetch expat)"
  [[ -f $src/CMakeLists.txt ]] || src="$src/expat"
  # Debian's CVE patches test `#if XML_DTD == 1`, as the autotools build defines it; CMake's
  # template defines it empty.
  sed -i 's/^#cmakedefine XML_DTD$/#cmakedefine XML_DTD 1/' "$src/expat_config.h.cmake"
  cmake_build "$src" -DEXPAT_SHARED_LIBS=OFF -DEXPAT_BUILD_TOOLS=OFF -DEXPAT_BUILD_EXAMPLES=OFF \
    -DEXPAT_BUILD_TESTS=OFF -DEXPAT_BUILD_DOCS=OFF -DEXPAT_BUILD_FUZZERS=OFF
  cmake --install "$src/_build" >/dev/null
}

libzip() {
  local src; src="$(fetch libzip)"
  cmake_build "$src" -DENABLE_COMMONCRYPTO=OFF -DENABLE_GNUTLS=OFF -DENABLE_MBEDTLS=OFF \
    -DENABLE_OPENSSL=OFF -DENABLE_WINDOWS_CRYPTO=OFF -DENABLE_BZIP2=OFF -DENABLE_LZMA=OFF \
    -DENABLE_ZSTD=OFF -DBUILD_TOOLS=OFF -DBUILD_REGRESS=OFF -DBUILD_EXAMPLES=OFF -DBUILD_DOC=OFF \
    -DZLIB_ROOT="$prefix"
  cmake --install "$src/_build" >/dev/null
  # zip.h declares dllimport on Windows unless ZIP_STATIC is defined.
  sed -i 's/^Cflags: \(.*\)$/Cflags: \1 -DZIP_STATIC/' "$prefix/lib/pkgconfig/libzip.pc"
}

xlsxwriter() {
  local src; src="$(fetch libxlsxwriter)"
  cmake_build "$src" -DBUILD_TESTS=OFF -DBUILD_EXAMPLES=OFF -DUSE_SYSTEM_MINIZIP=OFF \
    -DZLIB_ROOT="$prefix"
  cmake --install "$src/_build" >/dev/null
}

# Without JIT: JIT-compiled patterns crashed under Wine (an execute fault in the code PCRE2
# made; not yet known whether Windows itself does the same), and the interpreter gives the same
# matches (ledger/src/classify/regex.cpp falls back to it).
pcre2() {
  local src; src="$(fetch pcre2)"
  cmake_build "$src" -DPCRE2_BUILD_PCRE2_8=ON -DPCRE2_BUILD_PCRE2_16=OFF \
    -DPCRE2_BUILD_PCRE2_32=OFF -DPCRE2_SUPPORT_JIT=OFF -DPCRE2_BUILD_PCRE2GREP=OFF \
    -DPCRE2_BUILD_TESTS=OFF -DPCRE2_STATIC_PIC=OFF
  cmake --install "$src/_build" >/dev/null
  # pcre2.h declares dllimport on Windows unless PCRE2_STATIC is defined.
  grep -q PCRE2_STATIC "$prefix/lib/pkgconfig/libpcre2-8.pc" ||
    sed -i 's/^Cflags: \(.*\)$/Cflags: \1 -DPCRE2_STATIC/' "$prefix/lib/pkgconfig/libpcre2-8.pc"
}

# libpcap for reading capture files only (PCAP_TYPE null: no capture mechanism, so no
# Npcap SDK is needed); live capture goes through Npcap's wpcap.dll, loaded at run time.
libpcap() {
  local src; src="$(fetch libpcap)"
  # Its CMakeLists sets properties on the shared target, so that one is configured (not built).
  TARGET=pcap_static cmake_build "$src" -DBUILD_SHARED_LIBS=ON -DPCAP_TYPE=null -DENABLE_REMOTE=OFF -DDISABLE_DPDK=ON -DDISABLE_RDMA=ON \
    -DDISABLE_DAG=ON -DDISABLE_SEPTEL=ON -DDISABLE_SNF=ON -DDISABLE_TC=ON -DDISABLE_BLUETOOTH=ON \
    -DDISABLE_USB=ON -DDISABLE_NETMAP=ON -DDISABLE_DBUS=ON -DDISABLE_AIRPCAP=ON -DUSE_STATIC_RT=OFF
  cp "$src/_build/libpcap_static.a" "$prefix/lib/libpcap.a" 2>/dev/null ||
    cp "$src/_build/"*pcap*.a "$prefix/lib/libpcap.a"
  mkdir -p "$prefix/include/pcap"
  cp "$src"/pcap/*.h "$prefix/include/pcap/"
  cp "$src/pcap.h" "$prefix/include/"
  local version; version="$(cat "$src/VERSION")"
  printf 'prefix=%s\nlibdir=${prefix}/lib\nincludedir=${prefix}/include\n\nName: libpcap\nDescription: capture files (no capture mechanism)\nVersion: %s\nLibs: -L${libdir} -lpcap -lws2_32\nCflags: -I${includedir}\n' \
    "$prefix" "$version" > "$prefix/lib/pkgconfig/libpcap.pc"
}

# Header-only packages: their headers linked in, their CMake package files copied (they find
# their headers relative to themselves).
header_only() {
  local d
  for d in nlohmann CLI catch2 asio asio.hpp; do
    ln -sfn "/usr/include/$d" "$prefix/include/$d"
  done
  mkdir -p "$prefix/share/cmake" "$prefix/lib/cmake"
  cp -r /usr/share/cmake/nlohmann_json "$prefix/share/cmake/"
  # Catch2's own package also imports the Linux libCatch2WithMain.a: only the header target.
  mkdir -p "$prefix/lib/cmake/Catch2"
  cp /usr/lib/cmake/Catch2/Catch2ConfigVersion.cmake "$prefix/lib/cmake/Catch2/"
  printf 'add_library(Catch2::Catch2 INTERFACE IMPORTED)\nset_target_properties(Catch2::Catch2 PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "%s/include")\n' \
    "$prefix" > "$prefix/lib/cmake/Catch2/Catch2Config.cmake"
  # CLI11's config names /usr/include itself.
  cp -r /usr/share/cmake/CLI11 "$prefix/share/cmake/"
  sed -i "s|/usr/include|$prefix/include|g" "$prefix/share/cmake/CLI11/"*.cmake
}

# SQLite's one big file compiles on one core for most of the run: the others build beside it.
timed sqlite > "$work/sqlite.log" 2>&1 &
sqlite_job=$!
timed zlib
timed expat
timed libzip
timed xlsxwriter
timed pcre2
timed libpcap
wait "$sqlite_job" || { cat "$work/sqlite.log" >&2; exit 1; }
cat "$work/sqlite.log"
header_only
rm -rf "$work"
echo "$want" > "$stamp"
echo "build-deps: $prefix complete in $(( $(date +%s) - t0 )) s"
