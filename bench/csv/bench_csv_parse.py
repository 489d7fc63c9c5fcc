"""CSV parse speed: mlkit's reader against pandas.read_csv, one core each.

Generates (once) a numeric CSV of ROWS x COLS standard normal doubles written at full precision
(shortest round-trip repr, as pandas' to_csv writes them; --decimals N writes N decimals), then reports the best of REPEAT runs of
  - pandas.read_csv(path) (C engine),
  - mlkit.io::read_csv (whole table) and mlkit.io::CsvReader (chunks of 100,000 rows),
both pinned to the same single core. Wall and CPU times are both reported; on a shared machine
the CPU times are the steadier comparison. mlkit is timed through bench_csv, a small C++ program:

  cmake -S . -B build -G Ninja -DMLKIT_BUILD_BENCH=ON && ninja -j1 -C build bench_csv
  .venv/bin/python bench/csv/bench_csv_parse.py --binary build/bench_csv
"""

import argparse
import json
import os
import pathlib
import platform
import subprocess
import time

import numpy as np
import pandas as pd


def generate(path, rows, cols, seed=0, decimals=None):
    rng = np.random.default_rng(seed)
    header = ",".join(f"x{j}" for j in range(cols)) + "\n"
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w") as f:
        f.write(header)
        block = 50_000
        for start in range(0, rows, block):
            x = rng.standard_normal((min(block, rows - start), cols))
            fmt = repr if decimals is None else f"{{:.{decimals}f}}".format
            f.write("\n".join(",".join(map(fmt, row)) for row in x.tolist()))
            f.write("\n")
    tmp.rename(path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--cols", type=int, default=30)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--core", type=int, default=0, help="the one CPU core both parsers run on")
    ap.add_argument("--decimals", type=int,
                    help="write this many decimals instead of the full shortest repr")
    ap.add_argument("--file", default="build/bench-csv/numeric_{rows}x{cols}{suffix}.csv")
    ap.add_argument("--binary", default="build/bench_csv")
    ap.add_argument("--json", help="write the results here")
    args = ap.parse_args()

    suffix = "" if args.decimals is None else f"_{args.decimals}dp"
    path = pathlib.Path(args.file.format(rows=args.rows, cols=args.cols, suffix=suffix))
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        print(f"generating {path} ...", flush=True)
        generate(path, args.rows, args.cols, decimals=args.decimals)
    size_mb = path.stat().st_size / 1e6

    os.sched_setaffinity(0, {args.core})
    pandas_s = pandas_cpu_s = float("inf")
    for _ in range(args.repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        df = pd.read_csv(path)
        pandas_s = min(pandas_s, time.perf_counter() - t0)
        pandas_cpu_s = min(pandas_cpu_s, time.process_time() - c0)
    pandas_sum = float(df.to_numpy().sum())
    del df

    out = subprocess.run(
        ["taskset", "-c", str(args.core), args.binary, str(path), str(args.repeat)],
        check=True, capture_output=True, text=True).stdout
    mlkit = json.loads(out)

    result = {
        "file": str(path), "size_mb": round(size_mb, 1), "rows": args.rows, "cols": args.cols,
        "decimals": args.decimals,
        "pandas_read_csv_s": round(pandas_s, 3),
        "mlkit_read_csv_s": mlkit["read_csv_s"],
        "mlkit_chunked_s": mlkit["chunked_s"],
        "pandas_read_csv_cpu_s": round(pandas_cpu_s, 3),
        "mlkit_read_csv_cpu_s": mlkit["read_csv_cpu_s"],
        "mlkit_chunked_cpu_s": mlkit["chunked_cpu_s"],
        "speedup_read_csv": round(pandas_s / mlkit["read_csv_s"], 2),
        "speedup_chunked": round(pandas_s / mlkit["chunked_s"], 2),
        "speedup_read_csv_cpu": round(pandas_cpu_s / mlkit["read_csv_cpu_s"], 2),
        "speedup_chunked_cpu": round(pandas_cpu_s / mlkit["chunked_cpu_s"], 2),
        "same_sum": abs(pandas_sum - mlkit["checksum"]) <= 1e-9 * max(1.0, abs(pandas_sum)),
        "pandas": pd.__version__, "python": platform.python_version(),
        "machine": platform.processor() or platform.machine(),
    }
    print(json.dumps(result, indent=1))
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(result, indent=1) + "\n")


if __name__ == "__main__":
    main()
