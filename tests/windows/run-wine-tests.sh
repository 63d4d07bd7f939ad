#!/usr/bin/env bash
# The Windows build under Wine (issue 17), one CI step (.ci/run):
#   1. the collectors and ledger Catch2 suites (daicho_*_tests.exe);
#   2. `daicho.exe ingest` of the demo capture and of ../shared/captures gives the same
#      devices JSON as the Linux daicho (each capture into its own ledger on both sides);
#   3. `daicho.exe run --console` where wpcap.dll cannot be loaded opens no interface, says
#      why (Npcap, https://npcap.com/, in Japanese and with --lang en) and exits non-zero;
#   4. the service: `daicho service install`, `start`, GET /api/v1/health on loopback with the
#      token, `stop` and `remove` through Wine's service manager, capturing live on lo through
#      Wine's wpcap.dll (it forwards to the host's libpcap: root needed, else skipped).
# One Wine prefix for the run, made once in a temp dir, and one `wineserver -p` kept alive
# across the commands so the service manager keeps its state between them.
#
#   tests/windows/run-wine-tests.sh BUILD_WINDOWS_DIR LINUX_DAICHO
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
wbuild="$(realpath "${1:-$root/build-windows}")"
linux_daicho="$(realpath "${2:-$root/build/agent/daicho}")"
captures="${DAICHO_SHARED_CAPTURES:-$root/../shared/captures}"
exe="$wbuild/agent/daicho.exe"
for f in "$exe" "$linux_daicho"; do
  [[ -x $f ]] || { echo "run-wine-tests: $f missing (build it first)" >&2; exit 1; }
done

work="$(mktemp -d /tmp/daicho-wine.XXXXXX)"
export WINEPREFIX="$work/prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
cleanup() {
  wineserver -k 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
t0=$(date +%s)
# The prefix is made first; then the server is started again, persistent, for every later
# command. (Wine 8's service manager, right after wineboot made the prefix in the same server,
# did not see a service created then: "does not exist" and "database locked" by turns.)
mkdir -p "$WINEPREFIX"
wineboot -i >/dev/null 2>&1
wineserver -k 2>/dev/null || true
wineserver -w  # the old server gone, so -p starts the new one here, not a later command
wineserver -p </dev/null >/dev/null 2>&1
# The first program in the new server starts Wine's system processes (services.exe, ...),
# which live as long as it: started here, they hold none of this script's pipes open (a
# command substitution would wait for them forever).
wine cmd /c exit </dev/null >/dev/null 2>&1
echo "run-wine-tests: Wine prefix ready in $(( $(date +%s) - t0 )) s"
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
winpath() { echo "Z:${1//\//\\}"; }

# Vendor names: the IEEE registry where the Windows build looks for it (the installer puts it
# there too).
ieee="$WINEPREFIX/drive_c/ProgramData/daicho/ieee-data"
mkdir -p "$ieee"
cp /usr/share/ieee-data/{oui,mam,oui36,iab}.csv "$ieee/"

echo "== 1. Catch2 suites under Wine"
for suite in collectors/daicho_collectors_tests ledger/daicho_ledger_tests; do
  test_exe="$wbuild/tests/$suite.exe"
  if [[ ! -f $test_exe ]]; then
    fail "$test_exe not built"
    continue
  fi
  if out="$(wine "$test_exe" 2>&1)"; then
    echo "$(basename "$suite"): $(echo "$out" | grep -E '^(All tests passed|test cases)' | tail -1)"
  else
    echo "$out" | tail -40 >&2
    fail "$(basename "$suite") under Wine"
  fi
done

echo "== 2. devices JSON: Windows build against Linux build"
# Normalised: only what must differ between the two (the capture file's path as each OS
# names it).
normalise() { sed -e 's#Z:\\\\[^"]*\\\\\([^"\\]*\)"#\1"#g' -e 's#/[^"]*/\([^"/]*\)"#\1"#g'; }
compare() {
  local capture="$1" name; name="$(basename "$capture")"
  local ldb="$work/linux-$name.db" wdb="$work/windows-$name.db"
  "$linux_daicho" ingest --db "$ldb" "$capture" >/dev/null 2>&1 || true
  wine "$exe" ingest --db "$(winpath "$wdb")" "$(winpath "$capture")" >/dev/null 2>&1 || true
  if [[ ! -f $ldb ]]; then
    echo "  $name: not a capture the Linux build ingests; skipped"
    return
  fi
  "$linux_daicho" devices --db "$ldb" --format json 2>/dev/null | normalise > "$work/linux.json"
  wine "$exe" devices --db "$(winpath "$wdb")" --format json 2>/dev/null | tr -d '\r' |
    normalise > "$work/windows.json"
  if cmp -s "$work/linux.json" "$work/windows.json"; then
    compared=$((compared + 1))
  else
    diff "$work/linux.json" "$work/windows.json" | head -10 >&2
    fail "devices JSON differs for $name"
  fi
}
compared=0
compare "$root/tests/demo/hospital-demo.pcap"
if [[ -d $captures ]]; then
  for c in "$captures"/*.pcap "$captures"/*.pcapng; do
    [[ -f $c ]] && compare "$c"
  done
else
  echo "  $captures missing: the shared captures are skipped (the demo capture was compared)"
fi
echo "  identical devices JSON for $compared captures"

echo "== 3. run --console without wpcap.dll"
for lang in ja en; do
  set +e
  out="$(WINEDLLOVERRIDES="wpcap=d" wine "$exe" run --console --lang "$lang" \
         --db "$(winpath "$work/nocap.db")" -i eth0 2>&1)"
  rc=$?
  set -e
  if [[ $rc -eq 0 ]]; then fail "run --console without wpcap.dll exited 0"; fi
  if ! grep -q "https://npcap.com/" <<<"$out"; then fail "no Npcap hint ($lang): $out"; fi
  if [[ $lang == ja ]] && ! grep -q "ライブキャプチャには Npcap が必要" <<<"$out"; then fail "not in Japanese: $out"; fi
  if [[ $lang == en ]] && ! grep -q "live capture needs Npcap" <<<"$out"; then fail "not in English: $out"; fi
  if [[ -e $work/nocap.db ]]; then fail "a ledger was made without a capture"; fi
done
echo "  exits $rc and names Npcap and https://npcap.com/ (ja, en)"

echo "== 4. the service under Wine's service manager"
if [[ $(id -u) -ne 0 ]]; then
  echo "  skipped: capturing lo through Wine's wpcap.dll needs root"
else
  pd="$WINEPREFIX/drive_c/ProgramData/daicho"
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  token="$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32)"
  printf '%s\n' "$token" > "$pd/token"
  chmod 600 "$pd/token"
  cat > "$pd/daicho.json" <<JSON
{"capture": {"interfaces": [{"name": "lo"}], "merge_seconds": 1},
 "api": {"listen": "127.0.0.1:$port", "token_file": "C:\\\\ProgramData\\\\daicho\\\\token"}}
JSON
  cp "$exe" "$WINEPREFIX/drive_c/daicho.exe"
  wine 'C:\daicho.exe' service install --config 'C:\ProgramData\daicho\daicho.json' || fail "service install"
  # Wine's sc has no qc: the start type from the service's registry key (2: automatic).
  wine reg query 'HKLM\System\CurrentControlSet\Services\daicho' /v Start | tr -d '\r' |
    grep -q '0x2' || fail "service is not auto start"
  # A fresh prefix's service manager may still hold its database (wineboot installs Wine's
  # own services): a start refused then is tried again, three times at most.
  started=0
  for attempt in 1 2 3; do
    if wine 'C:\daicho.exe' service start; then started=1; break; fi
    echo "  start attempt $attempt refused; trying again in 3 s"
    sleep 3
  done
  [[ $started -eq 1 ]] || fail "service start"
  health="$(curl -s --max-time 5 -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/health" || true)"
  grep -q '"status":"ok"' <<<"$health" || fail "no /health from the service: $health"
  unauth="$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$port/api/v1/health" || true)"
  [[ $unauth == 401 ]] || fail "/health without the token gave $unauth"
  wine 'C:\daicho.exe' service stop || fail "service stop"
  wine sc query daicho | tr -d '\r' | grep -q 'STOPPED' || fail "service not stopped"
  [[ -f $pd/daicho.db ]] || fail "the service kept no ledger in %ProgramData%\\daicho"
  wine 'C:\daicho.exe' service remove || fail "service remove"
  wine sc query daicho >/dev/null 2>&1 && fail "service still registered after remove"
  echo "  installed (auto start), started, /health ok (401 without token), stopped, removed"
fi

echo "run-wine-tests: $failures failure(s) in $(( $(date +%s) - t0 )) s"
[[ $failures -eq 0 ]]
