#!/usr/bin/env bash
# Builds the model-loader fuzz target with clang's libFuzzer under ASan and UBSan in build-fuzz/
# and runs it for MLKIT_FUZZ_SECONDS (default 600) on a scratch copy of the committed seed corpus
# (tests/fuzz/corpus/model_load/). Safe to run any number of times; builds incrementally.
# Findings (crash-*, leak-*, timeout-*, oom-*) are written to build-fuzz/fuzz-artifacts/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

MLKIT_WITH_FUZZ=1 MLKIT_WITH_PYTHON=0 bash scripts/setup.sh

build=build-fuzz
seconds="${MLKIT_FUZZ_SECONDS:-600}"

# RelWithDebInfo without -DNDEBUG: the assertions of the library, Eigen and nlohmann/json stay on.
# -fno-sanitize-recover makes every UBSan finding abort, so libFuzzer reports it as a crash.
CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja \
  -DMLKIT_FUZZ=ON -DMLKIT_CUDA=OFF -DMLKIT_BUILD_EXAMPLES=OFF \
  -DMLKIT_SANITIZE=address,undefined -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS="-fno-sanitize-recover=undefined" \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g"
# Only the fuzz target (and the library it links): the machine is shared, so one job at a time.
ninja -j1 -C "$build" fuzz_model_load

corpus="$build/fuzz-corpus/model_load"
artifacts="$build/fuzz-artifacts"
rm -rf "$corpus"
mkdir -p "$corpus" "$artifacts"
cp tests/fuzz/corpus/model_load/* "$corpus/"

log="$build/fuzz-model-load.log"
echo "fuzz: running fuzz_model_load for ${seconds}s (log: $log)"
status=0
# One BLAS thread: the inputs are tiny and the cores are shared.
OPENBLAS_NUM_THREADS=1 \
  ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}" \
  UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}" \
  "$build/tests/fuzz/fuzz_model_load" "$corpus" -dict=tests/fuzz/model_load.dict \
  -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
  -artifact_prefix="$artifacts/" >"$log" 2>&1 || status=$?

# The final status line (#N DONE/... cov: ft: corp: exec/s: rss:) and libFuzzer's summary stats.
grep -E '^#[0-9]+' "$log" | tail -n 1 || true
grep -E '^stat::' "$log" || true
if ((status != 0)); then
  echo "fuzz: fuzz_model_load FAILED (exit $status); the report:" >&2
  grep -E -A40 'ERROR: |runtime error|Test unit written' "$log" | head -n 80 >&2 || tail -n 60 "$log" >&2
  exit "$status"
fi
echo "fuzz: clean run of ${seconds}s"
