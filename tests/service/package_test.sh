#!/usr/bin/env bash
# The Debian package and the systemd unit (issue 15): cpack builds the .deb from this build
# tree; dpkg-deb shows its files and control data; it is unpacked into a scratch root, whose
# daicho runs; systemd-analyze verifies the unit (with ExecStart pointing at the scratch root).
#   package_test.sh BUILD_DIR SOURCE_DIR
# Exit: 0 ok, 1 a check failed, 77 skipped (a tool missing).
set -euo pipefail
build=$1 src=$2
for tool in cpack dpkg-deb dpkg-shlibdeps; do
    command -v "$tool" >/dev/null || { echo "SKIP: $tool not found (Debian packages cmake, dpkg-dev)"; exit 77; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

(cd "$work" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/out" >"$work/cpack.log" 2>&1) ||
    { cat "$work/cpack.log" >&2; fail "cpack could not build the package"; }
deb=$(find "$work/out" -maxdepth 1 -name 'daicho_*.deb' | head -n1)
[[ -n "$deb" ]] || fail "cpack wrote no daicho_*.deb"
echo "package: $(basename "$deb"), $(stat -c %s "$deb") bytes"

dpkg-deb -c "$deb" >"$work/contents.txt"
for path in ./usr/bin/daicho ./usr/lib/systemd/system/daicho.service ./etc/daicho/daicho.json \
    ./usr/share/doc/daicho/README.md ./usr/share/doc/daicho/daicho.example.json; do
    grep -q " $path\$" "$work/contents.txt" || fail "the package lacks $path"
done
echo "files: $(wc -l <"$work/contents.txt") entries, the binary, the unit, the config and the docs"
dpkg-deb -I "$deb" >"$work/info.txt"
grep -q "^ Depends:.*libpcap0.8" "$work/info.txt" || fail "Depends lacks libpcap0.8 (loaded at run time)"
grep -q "^ Depends:.*libsqlite3-0" "$work/info.txt" || fail "Depends lacks libsqlite3-0 (dpkg-shlibdeps)"
for script in postinst prerm postrm conffiles; do
    grep -q " $script\$" "$work/info.txt" || grep -q "$script" "$work/info.txt" || fail "no $script in the control data"
done
echo "control: $(grep '^ Depends:' "$work/info.txt" | cut -c1-160)"

mkdir "$work/root"
dpkg-deb -x "$deb" "$work/root"
"$work/root/usr/bin/daicho" --version | grep -q '^daicho ' || fail "the unpacked daicho does not run"
# The packaged config is valid: a daicho run with it fails only for want of the interface.
if "$work/root/usr/bin/daicho" run --config "$work/root/etc/daicho/daicho.json" \
    --db "$work/ledger.db" >/dev/null 2>"$work/run.err"; then
    fail "daicho run with the sample config should not start without an eth1 to capture"
fi
grep -q "eth1" "$work/run.err" || { cat "$work/run.err" >&2; fail "the refusal does not name eth1"; }
echo "unpacked: daicho runs; the packaged config is valid (run refused only for the interface)"

if command -v systemd-analyze >/dev/null; then
    sed "s|/usr/bin/daicho|$work/root/usr/bin/daicho|" "$src/deploy/systemd/daicho.service" \
        >"$work/daicho.service"
    systemd-analyze verify "$work/daicho.service" >"$work/verify.log" 2>&1 ||
        { cat "$work/verify.log" >&2; fail "systemd-analyze verify refused the unit"; }
    if grep -v "^$" "$work/verify.log" | grep -q .; then
        cat "$work/verify.log" >&2
        fail "systemd-analyze verify had something to say about the unit"
    fi
    echo "unit: systemd-analyze verify is silent"
else
    echo "note: systemd-analyze not found (Debian package systemd); the unit was not verified"
fi
