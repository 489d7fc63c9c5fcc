#!/usr/bin/env bash
# Run mlkit's benchmark suite (bench/run.py): build what it needs, install the peers it compares
# with into .venv (bench/requirements-peers.txt), then run every workload and write
# docs/benchmarks.{md,json,png}. Arguments go to bench/run.py: --quick, --threads N, --repeat R,
# --only NAME..., --out-dir DIR, --list. Safe to run any number of times.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
MLKIT_WITH_BENCH_PEERS=1 bash scripts/setup.sh
export CCACHE_BASEDIR="$root"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DMLKIT_BUILD_TESTS=ON \
  -DMLKIT_BUILD_BENCH=ON -DMLKIT_PYTHON=ON -DPython_EXECUTABLE="$root/.venv/bin/python" >/dev/null
cmake --build build -j "$(nproc)"
site="$(.venv/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
echo "$root/build/python" >"$site/mlkit-build.pth"
req="$root/bench/requirements-peers.txt"
stamp="$root/.venv/.peers.sha256"
want="$(sha256sum "$req" | cut -d' ' -f1)"
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
  echo "bench: installing the peers from bench/requirements-peers.txt"
  # A peer that cannot be installed is reported as missing by the suite, not an error here.
  while read -r pkg; do
    [[ -z "$pkg" || "$pkg" == \#* ]] && continue
    .venv/bin/python -m pip install -q "$pkg" || echo "bench: could not install $pkg"
  done <"$req"
  echo "$want" >"$stamp"
fi
exec .venv/bin/python bench/run.py "$@"
