"""The suite's outputs: JSON, a Markdown table with the machine described, a PNG chart."""

import datetime
import importlib.metadata
import json
import os
import platform


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem_gb = None
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    mem_gb = round(int(line.split()[1]) / 2**20, 1)
    except OSError:
        pass
    versions = {}
    for dist in ["mlkit", "numpy", "scikit-learn", "pandas", "scikit-learn-intelex", "lightgbm",
                 "xgboost", "umap-learn", "openTSNE"]:
        try:
            versions[dist] = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            pass
    try:
        import mlkit

        versions["mlkit"] = getattr(mlkit, "__version__", versions.get("mlkit", "?"))
    except ImportError:
        pass
    return {
        "cpu": cpu, "cores": os.cpu_count(), "memory_gb": mem_gb,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(), "versions": versions,
    }


def add_ratios(results):
    """Peer time / mlkit time for each peer row, and the quality flag of every row."""
    for w in results["workloads"]:
        rows = [r for r in w["rows"] if r.get("quality") is not None]
        if rows:
            q = [r["quality"] for r in rows]
            best = max(q) if w["higher_is_better"] else min(q)
            for r in rows:
                worse = best - r["quality"] if w["higher_is_better"] else r["quality"] - best
                r["quality_flag"] = bool(worse > w["tolerance"])
        ref = next((r for r in w["rows"] if r["library"] == "mlkit" and "fit" in r), None)
        for r in w["rows"]:
            if ref is None or r is ref or "fit" not in r:
                continue
            for phase in ("fit", "predict"):
                if r.get(phase) and ref.get(phase) and ref[phase]["median"] > 0:
                    r[f"{phase}_ratio"] = r[phase]["median"] / ref[phase]["median"]


def _seconds(m):
    if not m:
        return ""
    med = m["median"]
    text = f"{med * 1e6:.1f} µs" if med < 1e-3 else f"{med * 1e3:.2f} ms" if med < 1 else \
        f"{med:.2f} s"
    return f"{text} ±{m['spread'] * 100:.0f}%" if len(m["runs"]) > 1 else text


def _quality(v):
    if v is None:
        return ""
    return f"{v:.3g}" if abs(v) < 1e-3 else f"{v:.6f}"


def markdown(results, chart_name=None):
    m = results["machine"]
    out = [
        "# Benchmarks",
        "",
        "mlkit against its peers, side by side: each workload's data are made once, then every "
        "installed library fits and predicts on the same data in the same process (the CSV and "
        "Fashion-MNIST loaders of mlkit run as its small C++ programs), with the same number of "
        "threads. Times are medians of the repeats, ± the spread (max − min) / median. *Ratio* is "
        "the peer's time divided by mlkit's: above 1, mlkit is faster. Peak memory is the "
        "resident memory above the level at the start of the step (for mlkit's C++ loader "
        "programs, their whole peak). A quality worse than the best "
        "library's by more than the workload's tolerance is flagged ⚠: speed bought with "
        "accuracy does not count.",
        "",
        "Made by `bash scripts/bench.sh` (see [the README](../README.md#benchmarks)); the raw "
        "figures are in `benchmarks.json` beside this file.",
        "",
        f"**Machine**: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GiB, {m['os']}, "
        f"Python {m['python']}. **Threads**: {results['threads']}. **Repeats**: "
        f"{results['repeat']}. **Date**: {results['date']}.",
        "",
        "**Libraries**: " + ", ".join(f"{k} {v}" for k, v in sorted(m["versions"].items())) + ".",
        "",
        "| workload | data | library | fit / load | predict | peak MB | quality | ratio fit | "
        "ratio predict |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for w in results["workloads"]:
        # A workload re-measured apart (bench/run.py --only, merged into the results) may carry
        # its own number of repeats.
        shape = w.get("shape", "")
        if w.get("repeat", results["repeat"]) != results["repeat"]:
            shape += f" ({w['repeat']} repeat{'s' if w['repeat'] != 1 else ''})"
        for r in w["rows"]:
            if "missing" in r:
                out.append(f"| {w['name']} | {shape} | {r['library']} | "
                           f"*missing: {r['missing']}* | | | | | |")
                continue
            if "error" in r:
                out.append(f"| {w['name']} | {shape} | {r['library']} | "
                           f"*failed: {r['error']}* | | | | | |")
                continue
            flag = " ⚠" if r.get("quality_flag") else ""
            ratio = {p: f"{r[p + '_ratio']:.2f}×" if f"{p}_ratio" in r else "" for p in
                     ("fit", "predict")}
            peak = f"{r['peak_mb']:.0f}" if r.get("peak_mb") is not None else ""
            out.append(
                f"| {w['name']} | {shape} | {r['library']} | {_seconds(r['fit'])} | "
                f"{_seconds(r.get('predict'))} | {peak} | {w['quality_name']} "
                f"{_quality(r.get('quality'))}{flag} | {ratio['fit']} | {ratio['predict']} |")
    out += ["", "Workloads:", ""]
    for w in results["workloads"]:
        out.append(f"- `{w['name']}`: {w['description']}.")
    if chart_name:
        out += ["", f"![mlkit's speed ratio against each peer]({chart_name})"]
    return "\n".join(out) + "\n"


def chart(results, path):
    """A bar chart of the ratios (log scale); returns False when matplotlib is missing."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    labels, values, colours = [], [], []
    for w in results["workloads"]:
        for r in w["rows"]:
            for phase in ("fit", "predict"):
                if f"{phase}_ratio" in r:
                    labels.append(f"{w['name']} {phase}\nvs {r['library']}")
                    values.append(r[f"{phase}_ratio"])
                    colours.append("#c44" if r.get("quality_flag") else
                                   "#2a7" if r[f"{phase}_ratio"] >= 1 else "#888")
    fig, ax = plt.subplots(figsize=(max(6, 0.9 * len(values) + 2), 4.5))
    ax.bar(range(len(values)), values, color=colours)
    ax.axhline(1.0, color="black", linewidth=0.8)
    ax.set_yscale("log")
    ax.set_xticks(range(len(values)))
    ax.set_xticklabels(labels, rotation=60, ha="right", fontsize=7)
    ax.set_ylabel("peer time / mlkit time (above 1: mlkit faster)")
    ax.set_title(f"mlkit against its peers, {results['threads']} thread(s)")
    for i, v in enumerate(values):
        ax.text(i, v, f"{v:.2g}×", ha="center", va="bottom", fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def write_json(results, path):
    path.write_text(json.dumps(results, indent=1) + "\n")


def today():
    return datetime.date.today().isoformat()
