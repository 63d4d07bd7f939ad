#!/usr/bin/env bash
# run-all-bench.sh - the issue-10 "done when" figures in one go: ingest against the floor on
# the corpus, queries on a large ledger, history scaling, MAC flood. Prints each script's
# figures under a heading; run it on a quiet machine if you can (the load is printed anyway).
#
#   tests/bench/run-all-bench.sh --corpus FILE [--build DIR] [--work DIR] [DAICHO]
#
# --corpus is the benchmark corpus (corpus-large.pcap made by ../shared/bench/make-corpus.sh).
# --work defaults to $BENCH_DATA (keep it outside every git checkout). Takes about
# 15-30 minutes on today's code (the history and flood cases are bounded by timeouts).
set -uo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=bench-lib.sh
. "$script_dir/bench-lib.sh"
corpus='' common=() daicho=''
while (($#)); do
    case $1 in
        --corpus) corpus=${2:?}; shift 2 ;;
        --build | --work) common+=("$1" "${2:?$1 needs a directory}"); shift 2 ;;
        -h|--help) sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        -*) die "unknown option $1" ;;
        *) daicho=$1; shift ;;
    esac
done
[[ -n $corpus ]] || die "--corpus FILE is required (the benchmark corpus)"
args=("${common[@]}")
[[ -n $daicho ]] && args+=("$daicho")

echo "== ingest against the libpcap floor (corpus)"
"$script_dir/run-ingest-bench.sh" --capture "$corpus" "${args[@]}"
echo
echo "== queries on a large ledger"
"$script_dir/run-query-bench.sh" "${args[@]}"
echo
echo "== history scaling"
"$script_dir/run-history-bench.sh" "${args[@]}"
echo
echo "== MAC flood"
"$script_dir/run-flood-bench.sh" "${args[@]}"
