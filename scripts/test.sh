#!/usr/bin/env bash
# Build mlkit and run every test: the C++ suite through ctest (conformance, parity, model files,
# the embed example against an installed copy, the demo), then the Python tests with pytest.
# Installs whatever is missing first (scripts/setup.sh). Safe to run any number of times.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/setup.sh
export CCACHE_BASEDIR="$root"
jobs="$(nproc)"
start=$(date +%s)
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DMLKIT_BUILD_TESTS=ON \
  -DMLKIT_BUILD_BENCH=ON -DMLKIT_PYTHON=ON -DPython_EXECUTABLE="$root/.venv/bin/python" >/dev/null
cmake --build build -j "$jobs"
echo "build: $(($(date +%s) - start)) s"
# The Python package built above (linked to the same core library) goes into the virtual
# environment through a path file, so `.venv/bin/python -c "import mlkit"` works afterwards.
site="$(.venv/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
echo "$root/build/python" >"$site/mlkit-build.pth"
ctest --test-dir build -j "$jobs" --output-on-failure
.venv/bin/python -m pytest -q -p no:cacheprovider tests/python
