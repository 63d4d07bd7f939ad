# bench-lib.sh - helpers shared by the tests/bench/*.sh benchmark scripts (sourced, not run).
# Every figure is a whole process: wall clock from date(1) around it (millisecond
# resolution; /usr/bin/time's own %e has only 10 ms), peak RSS and CPU from GNU time's
# wait4 rusage. Commands run under timeout(1) inside GNU time, so a killed run still
# reports its peak RSS and the time it was given.

die() { echo "${0##*/}: $*" >&2; exit 1; }

# The script's header comment (line 2 up to `set -uo pipefail`) is its --help.
usage() { sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

# Options every script takes. The caller sets script_dir, then calls common_defaults; its
# option loop hands whatever it does not know to common_option, which takes --build DIR,
# --work DIR, -h/--help and the one DAICHO argument, and sets SHIFT to the words it used.
common_defaults() {
    repo=$(cd "$script_dir/../.." && pwd)
    build=${DAICHO_BUILD_DIR:-$repo/build}
    work=${BENCH_DATA:-}
    daicho=''
}
common_option() {
    SHIFT=2
    case $1 in
        --build) build=${2:?--build needs a directory} ;;
        --work) work=${2:?--work needs a directory} ;;
        -h | --help) usage; exit 0 ;;
        -*) die "unknown option $1 (see --help)" ;;
        *)
            [[ -z $daicho ]] || die "only one DAICHO binary, got '$daicho' and '$1'"
            daicho=$1 SHIFT=1 ;;
    esac
}
# whole_numbers NAME...: each named variable holds a whole number.
whole_numbers() {
    local v
    for v in "$@"; do
        [[ ${!v} =~ ^[0-9]+$ ]] || die "$v must be a whole number, got '${!v}'"
    done
}
# common_setup [no-daicho]: checks the tools, resolves build, daicho (unless "no-daicho")
# and work (default BUILD/bench-data), and creates work.
common_setup() {
    need_gnu_time
    build=$(cd "$build" 2> /dev/null && pwd) || die "build dir '$build' does not exist (use --build)"
    [[ ${1:-} == no-daicho ]] || daicho=$(resolve_daicho "$daicho" "$build")
    work=${work:-$build/bench-data}
    mkdir -p "$work" || die "cannot create work dir $work"
}
# tool NAME TARGET: the path of a bench tool in the build tree, or a hint how to build it.
tool() {
    local t=$build/tests/bench/$1
    [[ -x $t ]] || die "$t not found: build it (cmake --build $build --target $2)"
    echo "$t"
}

# Progress goes to stderr only when it is a terminal: piped or logged runs print figures only.
if [[ -t 2 ]]; then
    progress() { printf '  .. %s\n' "$*" >&2; }
else
    progress() { :; }
fi

need_gnu_time() {
    [[ -x /usr/bin/time ]] || die "/usr/bin/time not found (Debian package 'time')"
}

# The load on the machine, to print beside each figure: "load 1.23".
load_now() { awk '{ printf "load %.2f", $1 }' /proc/loadavg; }

# timed LIMIT_S LOG CMD...: runs CMD with stdout+stderr to LOG, under `timeout LIMIT_S`.
# Sets T_WALL (s), T_RSS_KB, T_CPU (user+sys s), T_RC (exit status; 124 = timed out) and
# T_STATUS (ok / "timed out after LIMIT_S s" / "failed (exit RC)").
timed() {
    local limit=$1 log=$2 rusage t0 t1
    shift 2
    rusage=$(mktemp)
    t0=$(date +%s.%N)
    /usr/bin/time -f '%M %U %S' -o "$rusage" timeout --kill-after=5 "$limit" "$@" > "$log" 2>&1
    T_RC=$?
    t1=$(date +%s.%N)
    T_WALL=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
    # GNU time writes "Command exited with non-zero status N" first when RC != 0.
    read -r T_RSS_KB u s < <(tail -n 1 "$rusage")
    T_CPU=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')
    rm -f "$rusage"
    case $T_RC in
        0) T_STATUS=ok ;;
        124 | 137) T_STATUS="timed out after ${limit} s" ;;
        *) T_STATUS="failed (exit $T_RC)" ;;
    esac
}

# One line for a timed run: "  LABEL  12.345 s  cpu 11.20 s  peak RSS 44.1 MiB  load 1.23  [status]".
report() {
    local label=$1
    local tail=''
    [[ $T_STATUS == ok ]] || tail="  [$T_STATUS]"
    printf '  %-34s %9.3f s  cpu %7.2f s  peak RSS %8.1f MiB  %s%s\n' "$label" "$T_WALL" "$T_CPU" \
        "$(awk -v k="$T_RSS_KB" 'BEGIN { print k / 1024 }')" "$(load_now)" "$tail"
}

# median of the arguments (numbers).
median() {
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
        if (NR == 0) exit 1
        if (NR % 2) printf "%.3f", v[(NR + 1) / 2]; else printf "%.3f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# A size in bytes as MiB, or KiB below one MiB.
mib() { awk -v b="$1" 'BEGIN { if (b < 1048576) printf "%.1f KiB", b / 1024; else printf "%.1f MiB", b / 1048576 }'; }

# Ledger size: the database plus its WAL, in bytes.
ledger_bytes() {
    local total=0 f
    for f in "$1" "$1-wal"; do
        [[ -f $f ]] && total=$((total + $(stat -c %s "$f")))
    done
    echo "$total"
}

rm_ledger() { rm -f "$1" "$1-wal" "$1-shm" "$1-journal"; }

# count_sql DB SQL: one number from the ledger, or "?" without the sqlite3 CLI.
count_sql() {
    if command -v sqlite3 > /dev/null; then
        sqlite3 -readonly "$1" "$2" 2> /dev/null || echo '?'
    else
        echo '?'
    fi
}

# resolve_daicho ARG BUILD: the daicho binary to measure (argument, else BUILD/agent/daicho).
resolve_daicho() {
    local d=${1:-$2/agent/daicho}
    [[ -x $d ]] || die "daicho binary '$d' not found or not executable (pass its path)"
    readlink -f "$d"
}

describe_daicho() {
    local d=$1 rev=''
    rev=$(git -C "$(dirname "$d")" rev-parse --short HEAD 2> /dev/null || true)
    echo "daicho: $d${rev:+ (checkout at $rev)}"
    echo "machine: $(nproc) CPUs, $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo), $(load_now) at start, $(date -u '+%Y-%m-%d %H:%M UTC')"
}
