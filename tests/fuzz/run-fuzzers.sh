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
for f in "${fuzzers[@]}"; do
  name="$(basename "$f")"
  target="${name#fuzz_}"
  dirs=()
  mkdir -p "$work/$name"
  dirs+=("$work/$name")  # new inputs land here, never in the source tree
  [[ -d "$corpus_root/$target" ]] && dirs+=("$corpus_root/$target")
  [[ -d "$here/regressions/$target" ]] && dirs+=("$here/regressions/$target")
  echo "run-fuzzers: $name for ${seconds}s (${dirs[*]:1})"
  (cd "$work" && "$f" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 "${dirs[@]}" 2>"$work/$name.log") || {
    tail -n 40 "$work/$name.log" >&2
    echo "run-fuzzers: $name FAILED; crash input(s):" >&2
    ls "$work"/crash-* "$work"/leak-* "$work"/timeout-* 2>/dev/null >&2 || true
    exit 1
  }
  grep -E 'stat::number_of_executed_units|stat::peak_rss_mb' "$work/$name.log" | tr '\n' ' '
  echo
done
