#!/usr/bin/env bash
# What the Windows cross build and its Wine tests need on a Debian 12 host: the MinGW-w64
# compilers (posix threads: std::thread and std::mutex need winpthreads), wine64 to run the
# .exe files, dpkg-dev for `apt-get source` (with flex, bison and tclsh, which libpcap's grammar
# and SQLite's amalgamation need on the host), and a deb-src entry for the same mirror and
# suites as the binary entries, so the Windows libraries are built from the very sources
# Debian ships (deploy/windows/build-deps.sh).
set -euo pipefail
[[ $(id -u) -eq 0 ]] || { echo "install-cross-deps.sh: run as root" >&2; exit 1; }

# deb-src twins of the enabled deb822 entries (Types: deb), written once.
src_list=/etc/apt/sources.list.d/daicho-deb-src.sources
if [[ ! -f $src_list ]]; then
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f $f && $f != "$src_list" ]] || continue
    # Only Debian's own archive: other vendors' repositories carry no sources we need.
    awk 'BEGIN{RS=""; ORS="\n\n"} /URIs: https?:\/\/[^ ]*debian/ && /Types: deb/ {sub(/Types: deb/, "Types: deb-src"); print}' "$f"
  done > "$src_list.tmp"
  # One-line sources.list entries, if any.
  if [[ -f /etc/apt/sources.list ]]; then
    grep -E '^deb https?://[^ ]*debian' /etc/apt/sources.list | sed 's/^deb /deb-src /' > /etc/apt/sources.list.d/daicho-deb-src.list || true
    [[ -s /etc/apt/sources.list.d/daicho-deb-src.list ]] || rm -f /etc/apt/sources.list.d/daicho-deb-src.list
  fi
  mv "$src_list.tmp" "$src_list"
  [[ -s $src_list ]] || rm -f "$src_list"
fi

export DEBIAN_FRONTEND=noninteractive
# Another apt run (a concurrent job) holds the lock for a while: wait for it.
apt_get() { apt-get -o DPkg::Lock::Timeout=900 "$@"; }
apt_get update -qq
apt_get install -y -qq --no-install-recommends \
  g++-mingw-w64-x86-64-posix gcc-mingw-w64-x86-64-posix mingw-w64-tools \
  wine64 wine dpkg-dev pkg-config cmake ninja-build make zip unzip flex bison tcl \
  nlohmann-json3-dev libasio-dev libcli11-dev catch2 >/dev/null
# The posix thread model is the one that has std::thread; make it the default alternative.
update-alternatives --set x86_64-w64-mingw32-gcc /usr/bin/x86_64-w64-mingw32-gcc-posix >/dev/null
update-alternatives --set x86_64-w64-mingw32-g++ /usr/bin/x86_64-w64-mingw32-g++-posix >/dev/null
