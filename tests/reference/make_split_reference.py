"""Folds of scikit-learn's deterministic splitters, which mlkit's must reproduce exactly.

Run from the repository root with the project's environment:
    .venv/bin/python tests/reference/make_split_reference.py
"""

import json
import pathlib

import numpy as np
from sklearn import model_selection as ms

HERE = pathlib.Path(__file__).resolve().parent


def folds(splitter, n, y=None, groups=None):
    X = np.zeros((n, 1))
    return [
        {"train": sorted(int(i) for i in tr), "test": sorted(int(i) for i in te)}
        for tr, te in splitter.split(X, y, groups)
    ]


def build():
    rng = np.random.RandomState(0)
    y_imbalanced = np.array([2, 2, 0, 1, 0, 2, 2, 2, 1, 0, 2, 2, 1, 2, 0, 2, 2, 1])
    y_random = rng.randint(0, 4, size=53).astype(float)
    groups_ties = np.array([5, 5, 1, 1, 3, 3, 3, 7, 7, 2, 2, 9, 9, 9, 0, 4, 4, 4, 6])
    groups_random = rng.randint(0, 12, size=61).astype(float)
    cases = []

    def add(kind, params, n, fold_list, y=None, groups=None):
        cases.append(
            {
                "kind": kind,
                "params": params,
                "n": n,
                "y": None if y is None else [float(v) for v in y],
                "groups": None if groups is None else [float(v) for v in groups],
                "folds": fold_list,
            }
        )

    for n, k in [(10, 3), (7, 7), (11, 5), (100, 2)]:
        add("KFold", {"n_splits": k}, n, folds(ms.KFold(k), n))
    for y, k in [(y_imbalanced, 3), (y_random, 5), (y_random, 2)]:
        add("StratifiedKFold", {"n_splits": k}, len(y), folds(ms.StratifiedKFold(k), len(y), y), y=y)
    for g, k in [(groups_ties, 3), (groups_ties, 4), (groups_random, 5)]:
        add("GroupKFold", {"n_splits": k}, len(g), folds(ms.GroupKFold(k), len(g), groups=g), groups=g)
    for n, params in [
        (20, {"n_splits": 3}),
        (23, {"n_splits": 4, "gap": 2}),
        (30, {"n_splits": 3, "max_train_size": 5}),
        (30, {"n_splits": 4, "test_size": 3, "gap": 1}),
    ]:
        add("TimeSeriesSplit", params, n, folds(ms.TimeSeriesSplit(**params), n))
    for n, params in [
        (10, {"test_size": 0.3}),
        (11, {"test_size": 0.25}),
        (17, {"test_size": 4}),
        (17, {"train_size": 0.5}),
        (20, {"train_size": 5, "test_size": 0.5}),
        (9, {}),
    ]:
        tr, te = ms.train_test_split(np.arange(n), shuffle=False, **params)
        add(
            "train_test_split",
            params,
            n,
            [{"train": [int(i) for i in tr], "test": [int(i) for i in te]}],
        )
    return {"cases": cases}


if __name__ == "__main__":
    (HERE / "splits.json").write_text(json.dumps(build()) + "\n")
