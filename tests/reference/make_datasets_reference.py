"""Checksums of scikit-learn's bundled data sets, which mlkit's datasets/*.csv must reproduce.

Run from the repository root with the project's environment:
    .venv/bin/python tests/reference/make_datasets_reference.py
"""

import json
import pathlib

import numpy as np
from sklearn import datasets

HERE = pathlib.Path(__file__).resolve().parent
LOADERS = {
    "iris": datasets.load_iris,
    "wine": datasets.load_wine,
    "breast_cancer": datasets.load_breast_cancer,
    "digits": datasets.load_digits,
    "diabetes": datasets.load_diabetes,
}


def build():
    out = {}
    for name, loader in LOADERS.items():
        d = loader()
        X, y = d.data.astype(np.float64), d.target.astype(np.float64)
        out[name] = {
            "shape": list(X.shape),
            "X_sum": float(X.sum()),
            "X_abs_sum": float(np.abs(X).sum()),
            "y_sum": float(y.sum()),
            "first_row": [float(v) for v in X[0]],
            "last_row": [float(v) for v in X[-1]],
            "feature_names": [str(f) for f in d.feature_names],
            "target_names": [str(t) for t in getattr(d, "target_names", ["target"])]
            if name != "diabetes"
            else ["target"],
        }
    return out


if __name__ == "__main__":
    (HERE / "datasets.json").write_text(json.dumps(build(), indent=1) + "\n")
