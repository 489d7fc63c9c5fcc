#!/usr/bin/env bash
# Build mlkit and run its quickstart demo on bundled data. Installs whatever is missing first
# (scripts/setup.sh). Safe to run any number of times.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
MLKIT_WITH_PYTHON=0 bash scripts/setup.sh
export CCACHE_BASEDIR="$root"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j "$(nproc)" --target quickstart
./build/quickstart
