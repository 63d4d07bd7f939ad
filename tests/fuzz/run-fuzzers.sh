#!/usr/bin/env bash
# Runs every libFuzzer target of a fuzz build for a bounded time each, seeded from the
# generated corpus plus the kept regression inputs. A crash fails the run and leaves the
# input (crash-*) in the work directory to minimise into tests/fuzz/regressions/<target>/.
#   tests/fuzz/run-fuzzers.sh BUILD_DIR [SECONDS_EACH]
set -euo pipefail
build="$(cd "${1:?usage: $0 BUILD_DIR [SECONDS_EACH]}" && pwd)"
seconds="${2:-30}"
here="$(cd "$(dirname "$0")" && pwd)"
corpus_root="$build/tests/fuzz/corpus"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

mapfile -t fuzzers < <(find "$build/tests/fuzz" -maxdepth 1 -type f -name 'fuzz_*' -perm -u+x | sort)
if [[ ${#fuzzers[@]} -eq 0 ]]; then
  echo "run-fuzzers: no fuzz_* executables in $build/tests/fuzz (configure with the fuzz preset)" >&2
  exit 1
fi
# One target: its own work directory (new inputs, crashes) and log. Prints its stats, or the
# log's tail and the crash inputs and fails.
run_one() {
  local f="$1" name target
  name="$(basename "$f")"
  target="${name#fuzz_}"
  local dirs=("$work/$name")  # new inputs land here, never in the source tree
  mkdir -p "$work/$name"
  [[ -d "$corpus_root/$target" ]] && dirs+=("$corpus_root/$target")
  [[ -d "$here/regressions/$target" ]] && dirs+=("$here/regressions/$target")
  if ! (cd "$work/$name" && "$f" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 "${dirs[@]}" 2>"$work/$name.log"); then
    {
      tail -n 40 "$work/$name.log"
      # Kept outside the work directory, which is removed on exit.
      mkdir -p fuzz-crashes
      cp "$work/$name"/crash-* "$work/$name"/leak-* "$work/$name"/timeout-* fuzz-crashes/ \
        2>/dev/null || true
      echo "run-fuzzers: $name FAILED; its inputs are kept in $PWD/fuzz-crashes:"
      ls fuzz-crashes
    } >&2
    return 1
  fi
  echo "run-fuzzers: $name ${seconds}s (${dirs[*]:1}): $(grep -E \
    'stat::number_of_executed_units|stat::peak_rss_mb' "$work/$name.log" | tr '\n' ' ')"
}

# DAICHO_FUZZ_JOBS targets at a time (default 2: CI has two cores); the first failure stops
# the run once the targets already started have finished.
jobs_max="${DAICHO_FUZZ_JOBS:-2}"
failed=0
running=0
for f in "${fuzzers[@]}"; do
  if (( running >= jobs_max )); then
    wait -n || failed=1
    running=$((running - 1))
  fi
  (( failed )) && break
  run_one "$f" &
  running=$((running + 1))
done
while (( running > 0 )); do
  wait -n || failed=1
  running=$((running - 1))
done
exit "$failed"
