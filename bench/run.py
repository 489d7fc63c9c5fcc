"""mlkit's benchmark suite: every workload of bench/suite/workloads.py, mlkit against each
installed peer, on the same data in the same process and with the same number of threads.

    bash scripts/bench.sh                 # builds, then runs this with the defaults
    .venv/bin/python bench/run.py [--quick] [--threads N] [--repeat R] [--only NAME ...]

Writes benchmarks.json, benchmarks.md and benchmarks.png into --out-dir (default docs/ for a full
run, build/bench-quick/ for --quick). A peer that is not installed is reported as missing.
"""

import argparse
import contextlib
import json
import os
import pathlib
import sys
import time
import traceback

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

from suite import report  # noqa: E402
from suite.measure import PeakMemory, summarise  # noqa: E402
from suite.workloads import ROOT, WORKLOADS, preload_peers  # noqa: E402


def run_contender(w, library, cls, data, args):
    """Fit and predict `repeat` times; returns the row and the last output (for the quality,
    computed once every contender has run, since one of them may provide the reference)."""
    reason = cls.available()
    if reason:
        return {"library": library, "missing": reason}, None
    fits, predicts, peak, out = [], [], None, None
    for _ in range(args.repeat):
        c = cls(args.threads, args.binaries)
        # The sampler thread takes the GIL now and then, which would distort per-call latency.
        mem = PeakMemory() if w.sample_memory else contextlib.nullcontext()
        with mem:
            t0 = time.perf_counter()
            c.fit(data)
            t1 = time.perf_counter()
            out = c.predict(data) if hasattr(c, "predict") else None
            t2 = time.perf_counter()
        fits.append(c.fit_seconds if c.fit_seconds is not None else t1 - t0)
        if hasattr(c, "predict") and out is not None:
            calls = c.per_call(data) if hasattr(c, "per_call") else 1
            measured = getattr(c, "predict_seconds", None)
            predicts.append(measured if measured is not None else (t2 - t1) / calls)
        used = c.peak_mb if c.peak_mb is not None else getattr(mem, "megabytes", None)
        if used is not None:
            peak = max(peak or 0.0, used)
        if out is None and hasattr(c, "output"):
            out = c.output()
        del c
    return {"library": library, "fit": summarise(fits), "predict": summarise(predicts),
            "peak_mb": peak}, out


def write_outputs(results, out_dir, write_json=True):
    out_dir.mkdir(parents=True, exist_ok=True)
    if write_json:
        report.write_json(results, out_dir / "benchmarks.json")
    has_chart = report.chart(results, out_dir / "benchmarks.png")
    (out_dir / "benchmarks.md").write_text(
        report.markdown(results, "benchmarks.png" if has_chart else None))
    print(f"wrote {out_dir / 'benchmarks.md'}"
          + (", benchmarks.png" if has_chart else " (no chart: matplotlib is not installed)")
          + (", benchmarks.json" if write_json else ""))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="tiny sizes, one repeat (for the tests)")
    ap.add_argument("--threads", type=int, default=os.cpu_count(),
                    help="threads for every library (default: every core)")
    ap.add_argument("--repeat", type=int, help="repeats per library (default 3; 1 with --quick)")
    ap.add_argument("--only", nargs="+", help="run only these workloads")
    ap.add_argument("--out-dir", help="where the JSON, Markdown and PNG files go")
    ap.add_argument("--binaries", default=str(ROOT / "build" / "bench"),
                    help="folder of the bench_csv and bench_load programs")
    ap.add_argument("--list", action="store_true", help="list the workloads and exit")
    ap.add_argument("--render", metavar="JSON",
                    help="only rewrite the Markdown and chart from a results file")
    args = ap.parse_args()
    if args.render:
        results = json.loads(pathlib.Path(args.render).read_text())
        out_dir = pathlib.Path(args.out_dir or pathlib.Path(args.render).parent)
        write_outputs(results, out_dir, write_json=False)
        return 0
    if args.list:
        for w in WORKLOADS:
            print(f"{w.name:<24} {w.description}  [{', '.join(w.contenders)}]")
        return 0
    args.repeat = args.repeat or (1 if args.quick else 3)
    args.binaries = pathlib.Path(args.binaries)
    out_dir = pathlib.Path(args.out_dir or (ROOT / ("build/bench-quick" if args.quick else "docs")))
    out_dir.mkdir(parents=True, exist_ok=True)
    unknown = set(args.only or []) - {w.name for w in WORKLOADS}
    if unknown:
        ap.error(f"unknown workload(s): {', '.join(sorted(unknown))}")

    # Peers that bring their own oneTBB (scikit-learn-intelex) must load it before mlkit loads
    # the system's older one; mlkit runs on either.
    preload_peers()
    import mlkit
    from threadpoolctl import threadpool_limits

    mlkit.set_num_threads(args.threads)
    results = {"quick": args.quick, "threads": args.threads, "repeat": args.repeat,
               "date": report.today(), "machine": report.machine(), "workloads": []}
    with threadpool_limits(args.threads):
        for w in WORKLOADS:
            if args.only and w.name not in args.only:
                continue
            print(f"[{w.name}] {w.description}", flush=True)
            data = w.data(args.quick)
            entry = {"name": w.name, "description": w.description, "shape": data.get("shape"),
                     "quality_name": w.quality_name, "higher_is_better": w.higher_is_better,
                     "tolerance": w.tolerance, "rows": []}
            # mlkit first, so that a peer's run fills no cache mlkit then benefits from.
            order = sorted(w.contenders, key=lambda lib: lib != "mlkit")
            outputs = {}
            for library in order:
                if "skip" in data:
                    entry["rows"].append({"library": library, "missing": data["skip"]})
                    continue
                try:
                    row, outputs[library] = run_contender(w, library, w.contenders[library], data,
                                                          args)
                except Exception as e:  # a peer failing is reported, never fatal
                    traceback.print_exc()
                    row = {"library": library, "error": f"{type(e).__name__}: {e}"}
                entry["rows"].append(row)
            for row in entry["rows"]:
                if "fit" in row:
                    row["quality"] = w.quality(data, outputs[row["library"]])
                shown = {k: v for k, v in row.items() if k in ("missing", "error", "quality")}
                fit = row.get("fit") or {}
                print(f"  {row['library']:<22} fit {fit.get('median', float('nan')):.4g} s "
                      f"{shown}", flush=True)
            results["workloads"].append(entry)
            del data
    report.add_ratios(results)
    write_outputs(results, out_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
