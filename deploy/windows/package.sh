#!/usr/bin/env bash
# The Windows installer: a zip a hospital unpacks and runs install.ps1 from (see install.ps1).
# Holds daicho.exe, install.ps1, the sample config, the IEEE registry's vendor names (Debian's
# ieee-data) and the READMEs; never Npcap, which the hospital installs from npcap.com.
#
#   deploy/windows/package.sh BUILD_WINDOWS_DIR OUT_DIR   -> OUT_DIR/daicho-VERSION-windows-x64.zip
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="$(realpath "${1:-$root/build-windows}")"
out="$(realpath -m "${2:-$build}")"
version="$(sed -n 's/^project(daicho VERSION \([0-9.]*\).*/\1/p' "$root/CMakeLists.txt")"
name="daicho-$version-windows-x64"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/$name/ieee-data" "$out"
cp "$build/agent/daicho.exe" "$root/deploy/windows/install.ps1" "$root/deploy/windows/daicho.json" \
   "$root/README.md" "$root/README.en.md" "$stage/$name/"
# The four registries VendorRegistry reads (ledger/src/identity/vendor_registry.cpp).
cp /usr/share/ieee-data/{oui,mam,oui36,iab}.csv "$stage/$name/ieee-data/"
x86_64-w64-mingw32-strip "$stage/$name/daicho.exe"
rm -f "$out/$name.zip"
(cd "$stage" && zip -qr9 "$out/$name.zip" "$name")
echo "$out/$name.zip ($(du -h "$out/$name.zip" | cut -f1))"
