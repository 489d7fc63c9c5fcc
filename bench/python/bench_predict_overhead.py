"""Per-call overhead of predict: mlkit against scikit-learn, same model, same data.

Reports the median time of `predict` on 1 row and on 1,000 rows (C-order float64 input).
Run with the project's environment:  .venv/bin/python bench/python/bench_predict_overhead.py
"""

import argparse
import json
import platform
import statistics
import time

import numpy as np
import sklearn
from sklearn.datasets import make_regression

import mlkit


def median_seconds(fn, repeat, number):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for _ in range(number):
            fn()
        times.append((time.perf_counter() - t0) / number)
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--features", type=int, default=20)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--json", help="write the results here")
    args = ap.parse_args()

    X, y = make_regression(n_samples=5000, n_features=args.features, random_state=0)
    X = np.ascontiguousarray(X)
    models = {
        "mlkit": mlkit.LinearRegression().fit(X, y),
        "scikit-learn": sklearn.linear_model.LinearRegression().fit(X, y),
    }
    rows = []
    for n in (1, 1000):
        batch = np.ascontiguousarray(X[:n])
        number = 20000 if n == 1 else 2000
        for lib, model in models.items():
            model.predict(batch)  # warm up
            s = median_seconds(lambda: model.predict(batch), args.repeat, number)
            rows.append({"rows": n, "library": lib, "seconds": s})
    print(f"LinearRegression.predict, {args.features} features ({platform.processor() or 'cpu'})")
    print(f"{'rows':>6} {'library':<14} {'median':>12} {'vs sklearn':>11}")
    for r in rows:
        ref = next(q for q in rows if q["rows"] == r["rows"] and q["library"] == "scikit-learn")
        print(
            f"{r['rows']:>6} {r['library']:<14} {r['seconds'] * 1e6:>9.2f} us "
            f"{ref['seconds'] / r['seconds']:>10.2f}x"
        )
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=1)


if __name__ == "__main__":
    main()
