"""scikit-learn's cross-validation and search results, which mlkit's must reproduce.

The data is scikit-learn's diabetes set (mlkit bundles the same values, checked by
tests/python/test_datasets.py). Every case uses splitters that are deterministic without a seed
(KFold without shuffling), so the folds, and hence the scores, are the same in both libraries.
Successive halving subsamples at random, so for it only the schedule (resources and candidates per
round), which does not depend on the draw, is recorded.

Run from the repository root with the project's environment:
    .venv/bin/python tests/reference/make_model_selection_reference.py
"""

import json
import math
import pathlib

import numpy as np
import sklearn
from sklearn.datasets import load_diabetes
from sklearn.experimental import enable_halving_search_cv  # noqa: F401
from sklearn.linear_model import LinearRegression
from sklearn.model_selection import (
    GridSearchCV,
    HalvingGridSearchCV,
    KFold,
    cross_val_predict,
    cross_validate,
    learning_curve,
    validation_curve,
)
from sklearn.compose import ColumnTransformer
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import MaxAbsScaler, MinMaxScaler, PolynomialFeatures, StandardScaler

HERE = pathlib.Path(__file__).resolve().parent


def num(v):
    v = float(v)
    return "NaN" if math.isnan(v) else v


def nums(a):
    a = np.asarray(a, dtype=float)
    if a.ndim == 1:
        return [num(v) for v in a]
    return [nums(r) for r in a]


def plain(v):
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        return float(v)
    return v


def poly_pipeline():
    return Pipeline(
        [("scale", StandardScaler()), ("poly", PolynomialFeatures()), ("lr", LinearRegression())]
    )


def search_case(search, X, y, scorers):
    search.fit(X, y)
    r = search.cv_results_
    cols = [c for c in r if not c.endswith("_time")]
    out = {
        "columns": [c for c in r],
        "params": [{k: plain(v) for k, v in p.items()} for p in r["params"]],
        "best_index": int(search.best_index_),
        "best_score": num(search.best_score_),
        "best_params": {k: plain(v) for k, v in search.best_params_.items()},
        "scores": {},
        "ranks": {},
    }
    for c in cols:
        if c.startswith("rank_"):
            out["ranks"][c] = [int(v) for v in r[c]]
        elif c.startswith(("split", "mean_", "std_")):
            out["scores"][c] = nums(r[c])
    if search.refit:
        out["refit_predict"] = nums(search.predict(X[:20]))
    return out


def build():
    X, y = load_diabetes(return_X_y=True)
    doc = {"sklearn_version": sklearn.__version__}

    # Composites fitted on the first 300 rows, applied to the rest.
    Xa, ya, Xb = X[:300], y[:300], X[300:]
    pipe = Pipeline(
        [("scale", StandardScaler()), ("poly", PolynomialFeatures(degree=2)), ("lr", LinearRegression())]
    ).fit(Xa, ya)
    ct = ColumnTransformer(
        [("s", StandardScaler(), [0, 2, 4]), ("m", MinMaxScaler(), [1, 3])], remainder="passthrough"
    ).fit(Xa)
    ct_pipe = Pipeline(
        [("ct", ColumnTransformer([("s", StandardScaler(), [0, 2, 4]), ("m", MinMaxScaler(), [1, 3])])),
         ("lr", LinearRegression())]
    ).fit(Xa, ya)
    fu = FeatureUnion([("s", StandardScaler()), ("a", MaxAbsScaler())]).fit(Xa)
    doc["composites"] = {
        "n_train": 300,
        "pipeline_predict": nums(pipe.predict(Xb)),
        "pipeline_score": num(pipe.score(Xb, y[300:])),
        "column_transformer": nums(ct.transform(Xb)),
        "column_transformer_pipeline_predict": nums(ct_pipe.predict(Xb)),
        "feature_union": nums(fu.transform(Xb)),
    }

    cv5 = KFold(5)
    r = cross_validate(
        LinearRegression(),
        X,
        y,
        cv=cv5,
        scoring=["r2", "neg_mean_squared_error", "neg_mean_absolute_error"],
        return_train_score=True,
    )
    doc["cross_validate"] = {
        "n_splits": 5,
        "scoring": ["r2", "neg_mean_squared_error", "neg_mean_absolute_error"],
        "test": {k[5:]: nums(v) for k, v in r.items() if k.startswith("test_")},
        "train": {k[6:]: nums(v) for k, v in r.items() if k.startswith("train_")},
    }
    r = cross_validate(poly_pipeline(), X, y, cv=KFold(3))
    doc["cross_validate_pipeline"] = {"n_splits": 3, "test": nums(r["test_score"])}

    doc["cross_val_predict"] = {
        "n_splits": 4,
        "predict": nums(cross_val_predict(LinearRegression(), X, y, cv=KFold(4))),
    }

    degrees = [1, 2, 3]
    tr, te = validation_curve(
        Pipeline([("poly", PolynomialFeatures()), ("lr", LinearRegression())]),
        X,
        y,
        param_name="poly__degree",
        param_range=degrees,
        cv=KFold(3),
        scoring="neg_mean_squared_error",
    )
    doc["validation_curve"] = {
        "param": "poly__degree",
        "values": degrees,
        "n_splits": 3,
        "scoring": "neg_mean_squared_error",
        "train": nums(tr),
        "test": nums(te),
    }

    fractions = [0.1, 0.325, 0.55, 0.775, 1.0]
    sizes, tr, te = learning_curve(
        LinearRegression(), X, y, train_sizes=fractions, cv=KFold(5), scoring="r2"
    )
    counts = [20, 50, 353]
    sizes_c, tr_c, te_c = learning_curve(
        LinearRegression(), X, y, train_sizes=counts, cv=KFold(5), scoring="r2"
    )
    doc["learning_curve"] = {
        "n_splits": 5,
        "fractions": fractions,
        "sizes": [int(s) for s in sizes],
        "train": nums(tr),
        "test": nums(te),
        "counts": counts,
        "sizes_counts": [int(s) for s in sizes_c],
        "test_counts": nums(te_c),
    }

    grids = [
        {
            "poly__degree": [1, 2],
            "poly__interaction_only": [False, True],
            "lr__fit_intercept": [True, False],
        },
        {"scale__with_mean": [False], "poly__degree": [3]},
    ]
    doc["grid_search"] = {
        "grids": grids,
        "n_splits": 3,
        **search_case(
            GridSearchCV(poly_pipeline(), grids, cv=KFold(3), return_train_score=True), X, y, None
        ),
    }
    scoring = ["r2", "neg_mean_squared_error"]
    doc["grid_search_multi"] = {
        "grids": grids,
        "n_splits": 4,
        "scoring": scoring,
        "refit": "neg_mean_squared_error",
        **search_case(
            GridSearchCV(
                poly_pipeline(), grids, cv=KFold(4), scoring=scoring, refit="neg_mean_squared_error"
            ),
            X,
            y,
            scoring,
        ),
    }

    # Successive halving schedules: resources and candidates per round.
    halving = []
    big_grid = {
        "poly__degree": [1, 2, 3],
        "poly__interaction_only": [False, True],
        "lr__fit_intercept": [True, False],
        "scale__with_std": [True, False],
    }  # 24 candidates
    small_grid = {"poly__degree": [1, 2], "lr__fit_intercept": [True, False]}  # 4 candidates
    for grid_name, grid in [("big", big_grid), ("small", small_grid)]:
        for factor in [2, 3]:
            for min_resources in ["exhaust", "smallest", 30]:
                for aggressive in [False, True]:
                    for max_resources in [None, 300]:
                        h = HalvingGridSearchCV(
                            poly_pipeline(),
                            grid,
                            cv=KFold(3),
                            factor=factor,
                            min_resources=min_resources,
                            max_resources="auto" if max_resources is None else max_resources,
                            aggressive_elimination=aggressive,
                            random_state=0,
                        )
                        h.fit(X, y)
                        halving.append(
                            {
                                "grid": grid_name,
                                "factor": factor,
                                "min_resources": str(min_resources),
                                "max_resources": max_resources,
                                "aggressive_elimination": aggressive,
                                "n_resources": [int(v) for v in h.n_resources_],
                                "n_candidates": [int(v) for v in h.n_candidates_],
                                "n_iterations": int(h.n_iterations_),
                                "n_possible_iterations": int(h.n_possible_iterations_),
                                "n_required_iterations": int(h.n_required_iterations_),
                                "min_resources_": int(h.min_resources_),
                                "max_resources_": int(h.max_resources_),
                                "n_remaining_candidates": int(h.n_remaining_candidates_),
                                "columns": list(h.cv_results_),
                            }
                        )
    doc["halving"] = {"grids": {"big": big_grid, "small": small_grid}, "n_splits": 3,
                      "cases": halving}
    return doc


if __name__ == "__main__":
    out = HERE / "model_selection.json"
    out.write_text(json.dumps(build(), indent=1) + "\n")
    print(f"wrote {out}")
