#!/usr/bin/env bash
# Installs what mlkit needs to build, test and run its demo, and nothing that is already there.
# Safe to run any number of times. Debian 12 packages through apt-get; Python packages through
# pip into the project's virtual environment (.venv).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

packages=(build-essential cmake ninja-build ccache pkg-config git
  libeigen3-dev libopenblas-dev libtbb-dev libboost-dev nlohmann-json3-dev catch2
  librandom123-dev libfast-float-dev zlib1g-dev libbenchmark-dev libcli11-dev liblbfgspp-dev coinor-libclp-dev
  python3 python3-venv python3-dev dataset-fashion-mnist)
# The fuzz targets are built with clang's libFuzzer when asked for (scripts/fuzz.sh).
if [[ "${MLKIT_WITH_FUZZ:-0}" == 1 ]]; then packages+=(clang libclang-rt-14-dev); fi
# The benchmark suite's R peer (scripts/bench.sh asks for it; the tests do not need it).
if [[ "${MLKIT_WITH_BENCH_PEERS:-0}" == 1 ]]; then packages+=(r-cran-ranger); fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  sudo=""
  [[ "$(id -u)" == 0 ]] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [[ "${MLKIT_WITH_PYTHON:-1}" == 1 ]]; then
  venv="$root/.venv"
  if [[ ! -x "$venv/bin/python" ]]; then
    echo "setup: creating the Python virtual environment in .venv"
    python3 -m venv "$venv"
  fi
  req="$root/python/requirements-dev.txt"
  stamp="$venv/.requirements.sha256"
  want="$(sha256sum "$req" | cut -d' ' -f1)"
  if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
    echo "setup: installing Python packages from python/requirements-dev.txt"
    "$venv/bin/python" -m pip install -q --upgrade pip
    "$venv/bin/python" -m pip install -q -r "$req"
    echo "$want" >"$stamp"
  fi
fi
