"""The benchmark suite's quick mode runs, so that the suite cannot rot. It checks that every
workload runs and writes its files with sane contents, never how fast anything is."""

import json
import os
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
BINARIES = pathlib.Path(os.environ.get("MLKIT_BENCH_BINARIES", ROOT / "build" / "bench"))


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory):
    if not (BINARIES / "bench_csv").exists():
        pytest.skip(f"{BINARIES}/bench_csv is not built (configure with -DMLKIT_BUILD_BENCH=ON)")
    out = tmp_path_factory.mktemp("bench")
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--quick", "--threads", "2",
         "--out-dir", str(out), "--binaries", str(BINARIES)],
        capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out, json.loads((out / "benchmarks.json").read_text())


def test_quick_mode_writes_every_file(quick_run):
    out, results = quick_run
    assert results["quick"] and results["threads"] == 2
    md = (out / "benchmarks.md").read_text()
    assert "| workload | data | library |" in md
    png = out / "benchmarks.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert results["machine"]["cores"] >= 1


def test_every_workload_has_an_mlkit_result_and_peer_ratios(quick_run):
    _, results = quick_run
    names = [w["name"] for w in results["workloads"]]
    for expected in ["linear_regression", "standard_scaler", "csv_parse", "fashion_mnist_load",
                     "predict_latency_1", "predict_latency_1000"]:
        assert expected in names
    for w in results["workloads"]:
        rows = {r["library"]: r for r in w["rows"]}
        mlkit_row = rows["mlkit"]
        if "missing" in mlkit_row:  # only a data set that is not installed may be missing
            assert w["name"] == "fashion_mnist_load", mlkit_row
            continue
        assert "error" not in mlkit_row, mlkit_row
        assert mlkit_row["fit"]["median"] > 0
        assert mlkit_row["quality"] is not None
        assert not mlkit_row["quality_flag"], (w["name"], mlkit_row)
        for lib, r in rows.items():
            if lib != "mlkit" and "fit" in r:
                assert r["fit_ratio"] == pytest.approx(r["fit"]["median"] / mlkit_row["fit"]["median"])


def test_scikit_learn_agrees_on_quality(quick_run):
    _, results = quick_run
    by_name = {w["name"]: w for w in results["workloads"]}
    lr = {r["library"]: r for r in by_name["linear_regression"]["rows"]}
    assert lr["mlkit"]["quality"] == pytest.approx(lr["scikit-learn"]["quality"], rel=1e-9)
    csv = {r["library"]: r for r in by_name["csv_parse"]["rows"]}
    assert csv["mlkit"]["quality"] < 1e-9 and csv["pandas"]["quality"] < 1e-9


def test_quality_worse_than_the_best_beyond_tolerance_is_flagged():
    sys.path.insert(0, str(ROOT / "bench"))
    from suite import report

    def row(lib, fit, quality):
        return {"library": lib, "fit": {"median": fit, "spread": 0, "runs": [fit]},
                "predict": None, "quality": quality}

    results = {"workloads": [
        {"name": "w", "description": "d", "quality_name": "q", "higher_is_better": True, "tolerance": 0.01,
         "rows": [row("mlkit", 2.0, 0.90), row("peer", 4.0, 0.95), row("other", 1.0, 0.945),
                  {"library": "absent", "missing": "not installed"}]},
        {"name": "v", "description": "d", "quality_name": "q", "higher_is_better": False, "tolerance": 0.0,
         "rows": [row("mlkit", 1.0, 0.0), row("peer", 3.0, 1e-3)]},
    ]}
    report.add_ratios(results)
    w, v = results["workloads"]
    assert [r.get("quality_flag") for r in w["rows"]] == [True, False, False, None]
    assert w["rows"][1]["fit_ratio"] == 2.0 and w["rows"][2]["fit_ratio"] == 0.5
    assert "fit_ratio" not in w["rows"][0]
    assert [r["quality_flag"] for r in v["rows"]] == [False, True]
    md = report.markdown({"machine": report.machine(), "threads": 1, "repeat": 1,
                          "date": "today", "workloads": results["workloads"]})
    assert "*missing: not installed*" in md and "⚠" in md
