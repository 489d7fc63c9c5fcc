#!/usr/bin/env python3
"""Reference trees of scikit-learn for mlkit's C++ tree parity tests.

Run from anywhere with the project's virtual environment:

    .venv/bin/python tests/reference/make_tree_reference.py

It rewrites trees.json beside this file. Each case holds its inputs, the parameters, and
scikit-learn's fitted tree (children, features, thresholds, leaf values), predictions,
probabilities, leaf ids and feature importances on held-out rows, at full precision.

scikit-learn visits features in a random order and keeps the first of equally good splits, so a
tree is only determined by its data when no two candidate splits tie. Every case is therefore
fitted with several random_states and must give the same tree each time: such a case has one
right answer, which mlkit must reproduce node for node.
"""

import json
import pathlib

import numpy as np
import sklearn
from sklearn.datasets import (
    load_breast_cancer,
    load_diabetes,
    load_digits,
    load_iris,
    load_wine,
    make_classification,
)
from sklearn.ensemble import (
    ExtraTreesClassifier,
    ExtraTreesRegressor,
    RandomForestClassifier,
    RandomForestRegressor,
)
from sklearn.metrics import accuracy_score, r2_score
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

from make_reference import to_json

HERE = pathlib.Path(__file__).resolve().parent


def _tree(est, X_test):
    t = est.tree_
    leaf = t.children_left == -1
    value = t.value[:, :, :].reshape(t.node_count, -1)
    out = {
        "children_left": t.children_left,
        "children_right": t.children_right,
        "feature": np.where(leaf, -2, t.feature),
        "threshold": np.where(leaf, -2.0, t.threshold),
        "leaf_value": np.where(leaf[:, None], value, 0.0),
        "depth": est.get_depth(),
        "n_leaves": est.get_n_leaves(),
        "feature_importances": est.feature_importances_,
        "predict": est.predict(X_test),
        "apply": est.apply(X_test),
    }
    if hasattr(est, "predict_proba"):
        out["predict_proba"] = est.predict_proba(X_test)
    return out


def _same_tree(a, b):
    ta, tb = a.tree_, b.tree_
    return (
        ta.node_count == tb.node_count
        and np.array_equal(ta.children_left, tb.children_left)
        and np.array_equal(ta.feature, tb.feature)
        and np.array_equal(ta.threshold, tb.threshold)
    )


def _case(name, cls, params, X, y, X_test, sample_weight=None, path=False):
    fits = [
        cls(random_state=seed, **params).fit(X, y, sample_weight=sample_weight)
        for seed in range(6)
    ]
    if not all(_same_tree(fits[0], f) for f in fits[1:]):
        raise RuntimeError(f"case {name}: the tree depends on random_state (tied splits)")
    case = {
        "name": name,
        "estimator": "classifier" if cls is DecisionTreeClassifier else "regressor",
        "params": params,
        "X": X,
        "y": y,
        "sample_weight": sample_weight,
        "X_test": X_test,
        "tree": _tree(fits[0], X_test),
    }
    if path:
        p = cls(random_state=0, **params).cost_complexity_pruning_path(
            X, y, sample_weight=sample_weight
        )
        case["ccp_alphas"] = p.ccp_alphas
        case["impurities"] = p.impurities
    return case


def build_cases():
    rng = np.random.default_rng(8)
    n, p = 240, 5
    X = np.round(rng.standard_normal((n, p)), 6)
    X_test = np.round(rng.standard_normal((60, p)), 6)
    score = X[:, 0] + 0.8 * X[:, 1] ** 2 - X[:, 2] + 0.3 * rng.standard_normal(n)
    y3 = np.digitize(score, [-0.3, 0.9]).astype(float)
    yr = 2 * X[:, 0] - X[:, 1] * X[:, 2] + np.sin(3 * X[:, 3]) + 0.1 * rng.standard_normal(n)
    y2 = np.column_stack([yr, X[:, 4] ** 2 - X[:, 0] + 0.1 * rng.standard_normal(n)])
    w = rng.integers(1, 4, n).astype(float)
    C, R = DecisionTreeClassifier, DecisionTreeRegressor
    cases = [
        _case("entropy_depth", C, {"criterion": "entropy", "max_depth": 3}, X, y3, X_test),
        _case("log_loss_split", C, {"criterion": "log_loss", "min_samples_split": 30}, X, y3,
              X_test),
        _case("gini_weighted_balanced", C,
              {"min_samples_leaf": 20, "class_weight": "balanced"}, X, y3, X_test, w),
        _case("gini_depth3", C, {"max_depth": 3}, X, y3, X_test),
        _case("gini_best_first", C, {"max_leaf_nodes": 9}, X, y3, X_test),
        _case("gini_fraction_limits", C,
              {"min_weight_fraction_leaf": 0.03, "min_impurity_decrease": 0.005}, X, y3, X_test,
              w),
        _case("gini_float_limits", C, {"min_samples_leaf": 0.03, "min_samples_split": 0.1}, X,
              y3, X_test),
        _case("gini_ccp", C, {"min_samples_leaf": 4, "ccp_alpha": 0.004}, X, y3, X_test,
              path=True),
        _case("squared_error", R, {"min_samples_leaf": 5}, X, yr, X_test),
        _case("squared_error_weighted", R, {"min_samples_leaf": 5}, X, yr, X_test, w),
        _case("squared_error_best_first", R, {"max_leaf_nodes": 12}, X, yr, X_test, w),
        _case("multi_output", R, {"min_samples_leaf": 6}, X, y2, X_test),
        _case("regressor_ccp", R, {"min_samples_leaf": 4, "ccp_alpha": 0.01}, X, yr, X_test,
              path=True),
    ]
    # Missing values: NaN in two features, in training and held-out rows (scikit-learn >= 1.3
    # sends them to the better side of each split).
    Xm, Xm_test = X.copy(), X_test.copy()
    for A, seed in ((Xm, 1), (Xm_test, 2)):
        r = np.random.default_rng(seed)
        A[r.random(len(A)) < 0.15, 0] = np.nan
        A[r.random(len(A)) < 0.3, 3] = np.nan
    cases.append(_case("gini_missing", C, {"max_depth": 3}, Xm, y3, Xm_test))
    cases.append(_case("squared_error_missing", R, {"min_samples_leaf": 8}, Xm, yr, Xm_test))
    cases.append(_case("squared_error_missing_best_first", R, {"max_leaf_nodes": 6}, Xm, yr,
                       Xm_test, w))
    # Poisson: non-negative targets with zeros (its impurity is the half Poisson deviance).
    rp = np.random.default_rng(9)
    yp = np.exp(0.6 * X[:, 0] - 0.4 * X[:, 2] + 0.2 * rp.standard_normal(n))
    yp[X[:, 1] < -1.5] = 0.0
    cases.append(_case("poisson", R, {"criterion": "poisson", "min_samples_leaf": 5}, X, yp,
                       X_test))
    cases.append(_case("poisson_weighted_depth", R, {"criterion": "poisson", "max_depth": 4}, X,
                       yp, X_test, w))
    cases.append(_case("poisson_best_first", R, {"criterion": "poisson", "max_leaf_nodes": 8},
                       X, yp, X_test))
    cases.append(_case("poisson_missing", R, {"criterion": "poisson", "min_samples_leaf": 6},
                       Xm, yp, Xm_test))
    # Absolute error: the leaf value is the weighted median (an exact half of the weight between
    # two targets takes their midpoint), the impurity the mean absolute deviation from it.
    # Its sums of absolute deviations tie between neighbouring splits more often than squared
    # errors do, hence the larger leaves.
    cases.append(_case("absolute_error", R, {"criterion": "absolute_error", "min_samples_leaf": 8},
                       X, yr, X_test))
    cases.append(_case("absolute_error_weighted", R,
                       {"criterion": "absolute_error", "min_samples_leaf": 5}, X, yr, X_test, w))
    cases.append(_case("absolute_error_weighted_depth", R,
                       {"criterion": "absolute_error", "max_depth": 3}, X, yr, X_test, w))
    cases.append(_case("absolute_error_best_first", R,
                       {"criterion": "absolute_error", "max_leaf_nodes": 16}, X, yr, X_test))
    cases.append(_case("absolute_error_multi_output", R,
                       {"criterion": "absolute_error", "min_samples_leaf": 8}, X, y2, X_test))
    cases.append(_case("absolute_error_missing", R,
                       {"criterion": "absolute_error", "max_leaf_nodes": 16}, Xm, yr, Xm_test))
    iris = load_iris()
    cases.append(
        _case("iris_depth3", C, {"max_depth": 3}, iris.data[:, :3], iris.target.astype(float),
              iris.data[::7, :3])
    )
    return cases


FOREST_SPLITS = 5  # train/test splits per data set
FOREST_SEEDS = 4  # random_states per split


def _splits(n, seed):
    """FOREST_SPLITS random 75/25 splits of n rows, as index lists."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(FOREST_SPLITS):
        perm = rng.permutation(n)
        cut = int(round(0.75 * n))
        out.append({"train": np.sort(perm[:cut]), "test": np.sort(perm[cut:])})
    return out


def _forest_case(name, data, X, y, classifier, store_data=False):
    """scikit-learn's mean held-out score of its four forests over every split and seed."""
    splits = _splits(len(y), 100 + len(y))
    kinds = (
        {"random_forest_classifier": RandomForestClassifier,
         "extra_trees_classifier": ExtraTreesClassifier}
        if classifier
        else {"random_forest_regressor": RandomForestRegressor,
              "extra_trees_regressor": ExtraTreesRegressor}
    )
    scores = {}
    for kind, cls in kinds.items():
        s = []
        for sp in splits:
            for seed in range(FOREST_SEEDS):
                est = cls(n_estimators=100, random_state=seed, n_jobs=2)
                est.fit(X[sp["train"]], y[sp["train"]])
                pred = est.predict(X[sp["test"]])
                s.append(accuracy_score(y[sp["test"]], pred) if classifier
                         else r2_score(y[sp["test"]], pred))
        scores[kind] = float(np.mean(s))
    case = {"name": name, "data": data, "classifier": classifier, "splits": splits,
            "seeds": FOREST_SEEDS, "mean_score": scores}
    if store_data:
        case["X"], case["y"] = X, y
    return case


def build_forest_cases():
    cases = []
    for name, loader, classifier in (
        ("iris", load_iris, True),
        ("wine", load_wine, True),
        ("breast_cancer", load_breast_cancer, True),
        ("digits", load_digits, True),
        ("diabetes", load_diabetes, False),
    ):
        d = loader()
        cases.append(_forest_case(name, name, d.data, d.target.astype(float), classifier))
    X, y = make_classification(n_samples=1000, n_features=10, n_informative=5, random_state=0)
    X = np.round(X, 6)
    cases.append(_forest_case("make_classification", None, X, y.astype(float), True, True))
    return cases


def main():
    doc = {
        "generator": "tests/reference/make_tree_reference.py",
        "sklearn_version": sklearn.__version__,
        "cases": to_json(build_cases()),
        "forests": to_json(build_forest_cases()),
    }
    (HERE / "trees.json").write_text(json.dumps(doc) + "\n")


if __name__ == "__main__":
    main()
