#!/usr/bin/env bash
# Installs what daicho needs to build and run on Debian 12 (bookworm), from Debian's own
# packages only. Uses sudo when not run as root.
#   deploy/install-deps.sh          build + run + tests
#   deploy/install-deps.sh --dev    also clang-14 + libFuzzer (fuzz preset), clang-tidy, and
#                                   LibreOffice + poppler for the printed-workbook check
#                                   (tests/survey/print_test.cpp; skipped without them)
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libpcap-dev libasio-dev libsqlite3-dev nlohmann-json3-dev libcli11-dev
  # The API over HTTPS (api.tls_certificate): OpenSSL under Asio's SSL support; the openssl
  # tool makes the TLS test's certificates.
  libssl-dev openssl
  libxlsxwriter-dev libzip-dev libexpat1-dev libpcre2-dev
  catch2 libbenchmark-dev ieee-data sqlite3 unzip
  # The network picture (daicho topology): Graphviz's library (libgvc6 carries the pango/cairo
  # text layout plugin that measures labels with the real font) and the Japanese font it names
  # (Noto Sans CJK JP); the picture test renders the SVG with rsvg-convert and measures labels
  # with pango's headers.
  libgraphviz-dev fonts-noto-cjk librsvg2-bin libpango1.0-dev
)
if [[ "${1:-}" == "--dev" ]]; then
  packages+=(clang-14 libclang-rt-14-dev clang-tidy-14 clang-format-14
             libreoffice-calc-nogui poppler-utils fonts-noto-cjk)
elif [[ -n "${1:-}" ]]; then
  echo "usage: $0 [--dev]" >&2
  exit 2
fi

as_root=()
if [[ "$(id -u)" -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "install-deps: run as root or install sudo" >&2; exit 1; }
  as_root=(sudo)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all ${#packages[@]} packages already installed"
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
