#!/usr/bin/env bash
# Usage: scripts/fuzz.sh [TARGET]   TARGET: model_load (the default) or csv.
# Builds the fuzz target fuzz_TARGET with clang's libFuzzer under ASan and UBSan in build-fuzz/
# (or MLKIT_FUZZ_BUILD_DIR) and runs it for MLKIT_FUZZ_SECONDS (default 600) on a scratch copy of
# the committed seed corpus (tests/fuzz/corpus/TARGET/), with tests/fuzz/TARGET.dict if there is
# one. Safe to run any number of times; builds incrementally.
# Findings (crash-*, leak-*, timeout-*, oom-*) are written to BUILD/fuzz-artifacts/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

MLKIT_WITH_FUZZ=1 MLKIT_WITH_PYTHON=0 bash scripts/setup.sh

name="${1:-model_load}"
case "$name" in
  model_load | csv) ;;
  *)
    echo "fuzz: unknown target '$name' (model_load or csv)" >&2
    exit 2
    ;;
esac
target="fuzz_$name"
build="${MLKIT_FUZZ_BUILD_DIR:-build-fuzz}"
seconds="${MLKIT_FUZZ_SECONDS:-600}"

# RelWithDebInfo without -DNDEBUG: the assertions of the library, Eigen and nlohmann/json stay on.
# -fno-sanitize-recover makes every UBSan finding abort, so libFuzzer reports it as a crash.
CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja \
  -DMLKIT_FUZZ=ON -DMLKIT_CUDA=OFF -DMLKIT_BUILD_EXAMPLES=OFF \
  -DMLKIT_SANITIZE=address,undefined -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS="-fno-sanitize-recover=undefined" \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g"
# Only the fuzz target (and the library it links): the machine is shared, so one job at a time.
ninja -j1 -C "$build" "$target"

corpus="$build/fuzz-corpus/$name"
artifacts="$build/fuzz-artifacts"
rm -rf "$corpus"
mkdir -p "$corpus" "$artifacts"
cp "tests/fuzz/corpus/$name"/* "$corpus/"
dict=()
[[ -f "tests/fuzz/$name.dict" ]] && dict=("-dict=tests/fuzz/$name.dict")

log="$build/fuzz-${name//_/-}.log"
echo "fuzz: running $target for ${seconds}s (log: $log)"
status=0
# One BLAS thread: the inputs are tiny and the cores are shared.
OPENBLAS_NUM_THREADS=1 \
  ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}" \
  UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}" \
  "$build/tests/fuzz/$target" "$corpus" "${dict[@]}" \
  -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
  -artifact_prefix="$artifacts/" >"$log" 2>&1 || status=$?

# The final status line (#N DONE/... cov: ft: corp: exec/s: rss:) and libFuzzer's summary stats.
grep -E '^#[0-9]+' "$log" | tail -n 1 || true
grep -E '^stat::' "$log" || true
if ((status != 0)); then
  echo "fuzz: $target FAILED (exit $status); the report:" >&2
  grep -E -A40 'ERROR: |runtime error|Test unit written' "$log" | head -n 80 >&2 || tail -n 60 "$log" >&2
  exit "$status"
fi
echo "fuzz: clean run of ${seconds}s"
