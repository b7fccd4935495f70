#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 30) on the stable toolchain and fails if
# any of them finds a crash, a hang or runaway memory. Usage: fuzz/run.sh [SECONDS]
# FUZZ_SEARCH=1 adds the search_query target (it builds tantivy: several minutes more).
# New inputs the fuzzer finds go to target/corpus/<target> (kept between local runs, never
# committed); see README.md for folding them into corpus/ and for reproducing a crash.
set -euo pipefail
cd "$(dirname "$0")"
secs="${1:-30}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --version 0.13.2 --locked
fi

targets=(wxr nukeviet html legacy_url)
build=(--sanitizer none)
if [ "${FUZZ_SEARCH:-0}" = 1 ]; then
  targets+=(search_query)
  build+=(--features search)
fi

# Longest input each target is given: enough for a few posts or rows, a body, a URL.
declare -A max_len=([wxr]=65536 [nukeviet]=65536 [html]=16384 [legacy_url]=1024 [search_query]=1024)

cargo fuzz build "${build[@]}"

# Seeds cut from the shared test files at run time: they are other people's files and are
# never copied into the repository (see seeds.py).
shared="../../shared/testdata"
if [ -d "$shared" ]; then
  rm -rf target/seeds
  python3 seeds.py "$shared" target/seeds
fi

failed=()
for t in "${targets[@]}"; do
  echo "== fuzz $t for ${secs}s"
  mkdir -p "target/corpus/$t"
  seeds=()
  [ -d "target/seeds/$t" ] && seeds=("target/seeds/$t")
  dict=()
  [ -f "dict/$t.dict" ] && dict=("-dict=dict/$t.dict")
  if ! cargo fuzz run "${build[@]}" "$t" "target/corpus/$t" "corpus/$t" "${seeds[@]}" -- \
      -max_total_time="$secs" -max_len="${max_len[$t]}" -timeout=10 -rss_limit_mb=1024 \
      -print_final_stats=1 "${dict[@]}" 2>"target/fuzz-$t.log"; then
    tail -n 40 "target/fuzz-$t.log"
    failed+=("$t")
  else
    grep -E "^(Done|stat::number_of_executed_units|stat::peak_rss_mb)" "target/fuzz-$t.log" || true
  fi
done
rm -f "${TMPDIR:-/tmp}"/cong-fuzz-nukeviet-*.sql

passed=$((${#targets[@]} - ${#failed[@]}))
if [ "${#failed[@]}" -gt 0 ]; then
  echo "fuzzing found problems in: ${failed[*]} (inputs under fuzz/artifacts/; see fuzz/README.md)"
fi
# One line in the form test runners close with: targets that ran clean and those that did not.
echo "fuzz: ${passed} passed, ${#failed[@]} failed"
[ "${#failed[@]}" -eq 0 ]
