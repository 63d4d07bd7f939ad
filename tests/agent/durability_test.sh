#!/usr/bin/env bash
# Nothing lost: the ledger survives kill -9 in the middle of an ingest and a full disk.
#
#   durability_test.sh DAICHO CAPGEN WORK_DIR
#
# 1. kill -9: ingest capture A (commits), start ingesting a large capture B and kill -9 the
#    process while it is reading B (its transaction is open). Then: PRAGMA integrity_check is
#    "ok", A's devices are all there, nothing of B is, and a new ingest of B succeeds.
# 2. full disk (root only; skipped otherwise): the ledger lives on a small tmpfs; after A is
#    in, a filler file leaves 64 KiB free, which B's new devices do not fit in. The ingest fails with exit 1 and a message naming the ledger and the full
#    disk; afterwards the ledger is intact and still holds exactly A.
# Exit: 0 pass, 1 fail, 77 skipped entirely (sqlite3 CLI missing).
set -Eeuo pipefail

daicho=$(realpath "$1")
capgen=$(realpath "$2")
work=$3
fail() { echo "durability: FAIL: $*" >&2; exit 1; }
note() { echo "durability: $*"; }
command -v sqlite3 >/dev/null || { echo "durability: SKIP: the sqlite3 CLI is not installed (Debian package sqlite3)"; exit 77; }

mkdir -p "$work"
work=$(realpath "$work")
a=$work/a.pcap
b=$work/b.pcap
[[ -s $a ]] || "$capgen" --profile demo --seed 11 --out "$a" >/dev/null
# Large enough that reading it takes far longer than the poll below (~250 MB).
[[ -s $b ]] || "$capgen" --profile hospital --frames 400000 --hosts 500 --seed 12 --out "$b" >/dev/null

devices() { sqlite3 "$1" "SELECT count(*) FROM devices"; }
captures() { sqlite3 "$1" "SELECT group_concat(path, ' ') FROM captures"; }

# --- 1. kill -9 mid-ingest -------------------------------------------------------------
db=$work/kill.db
rm -f "$db" "$db-wal" "$db-shm"
CI=1 "$daicho" ingest -q --db "$db" "$a" >/dev/null
before=$(devices "$db")
((before > 0)) || fail "capture A gave no devices"

CI=1 "$daicho" ingest -q --db "$db" "$b" >/dev/null 2>&1 &
pid=$!
# Kill once the process has read 32 MB past the fingerprint (so B's transaction is open and
# frames are flowing), well before the end of B.
killed=0
for _ in $(seq 1 2000); do
    if ! kill -0 "$pid" 2>/dev/null; then
        break
    fi
    read_bytes=$(awk '/^rchar:/ {print $2}' "/proc/$pid/io" 2>/dev/null || echo 0)
    if ((read_bytes > 32 * 1024 * 1024)); then
        kill -9 "$pid"
        killed=1
        break
    fi
    sleep 0.005
done
wait "$pid" 2>/dev/null || true
((killed == 1)) || fail "the ingest of B ended before it could be killed (make B larger)"

[[ $(sqlite3 "$db" "PRAGMA integrity_check") == ok ]] || fail "integrity_check after kill -9"
[[ $(devices "$db") == "$before" ]] || fail "devices changed by a killed ingest: $before -> $(devices "$db")"
[[ $(captures "$db") == "$a" ]] || fail "captures after kill -9: $(captures "$db")"
note "kill -9 at ${read_bytes} bytes read: integrity ok, $before devices of A kept, nothing of B"
CI=1 "$daicho" ingest -q --db "$db" "$b" >/dev/null || fail "re-ingest of B after kill -9"
after=$(devices "$db")
((after > before)) || fail "re-ingest of B added no devices"
note "re-ingest of B after the kill: $after devices"

# --- 2. full disk ----------------------------------------------------------------------
if [[ $(id -u) != 0 ]]; then
    note "SKIP full-disk part: mounting a small tmpfs needs root (CI runs it)"
    exit 0
fi
mnt=$work/tiny
mkdir -p "$mnt"
cleanup() { umount "$mnt" 2>/dev/null || true; }
trap cleanup EXIT
mount -t tmpfs -o size=8m tmpfs "$mnt" || { note "SKIP full-disk part: cannot mount tmpfs here"; exit 0; }
db=$mnt/full.db
CI=1 "$daicho" ingest -q --db "$db" "$a" >/dev/null || fail "capture A does not fit in 8 MiB"
before=$(devices "$db")
sqlite3 "$db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
free=$(df --output=avail -B1 "$mnt" | tail -1)
fallocate -l $((free - 64 * 1024)) "$mnt/filler" || fail "cannot fill the tmpfs"
set +e
CI=1 "$daicho" ingest -q --lang ja --db "$db" "$b" >"$work/full.out" 2>"$work/full.err"
rc=$?
set -e
((rc == 1)) || fail "ingest on a full disk exited $rc, expected 1 (stderr: $(cat "$work/full.err"))"
grep -q "full.db" "$work/full.err" || fail "the error does not name the ledger: $(cat "$work/full.err")"
# In Japanese (the default), and in English with --lang en.
grep -q "ディスクの空きがありません" "$work/full.err" || fail "the error does not say the disk is full: $(cat "$work/full.err")"
CI=1 "$daicho" ingest -q --lang en --db "$db" "$b" >/dev/null 2>"$work/full-en.err" && fail "ingest --lang en on a full disk succeeded"
grep -q "disk full" "$work/full-en.err" || fail "the English error does not say disk full: $(cat "$work/full-en.err")"
[[ $(sqlite3 "$db" "PRAGMA integrity_check") == ok ]] || fail "integrity_check after a full disk"
[[ $(devices "$db") == "$before" ]] || fail "devices changed by a failed ingest"
[[ $(captures "$db") == "$a" ]] || fail "captures after a full disk: $(captures "$db")"
"$daicho" devices --db "$db" --format json >/dev/null || fail "the ledger is not readable after a full disk"
note "full disk: exit 1, '$(head -c 200 "$work/full.err")', ledger intact with $before devices"
