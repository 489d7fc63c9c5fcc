#!/usr/bin/env python3
"""Reference outputs of scikit-learn's LogisticRegressionCV for mlkit.

Run from anywhere with the project's virtual environment:

    .venv/bin/python tests/reference/make_logistic_cv_reference.py

It rewrites logistic_cv.json beside this file, in the format of make_reference.py. Every fit
uses a tight tol (lbfgs 1e-10, saga 1e-13) so that each point of each path is the minimiser to
far better than the C++ tests' 1e-6; the attributes are those of use_legacy_attributes=False.
"""

import json
import pathlib
import sys
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegressionCV

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_reference import _inputs, dumps, meta, to_json  # noqa: E402
from make_saga_reference import _labels, _multiclass  # noqa: E402


def _fit(X, y, X_test, sample_weight, **params):
    tol = 1e-13 if params.get("solver") == "saga" else 1e-10
    est = LogisticRegressionCV(tol=tol, max_iter=100000, use_legacy_attributes=False,
                               random_state=0, **params)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        warnings.simplefilter("ignore", ConvergenceWarning)
        est.fit(X, y, sample_weight=sample_weight)
    out_params = {"Cs": est.Cs if np.isscalar(est.Cs) else list(map(float, est.Cs)),
                  "l1_ratios": (None if est.l1_ratios is None or isinstance(est.l1_ratios, str)
                                else list(map(float, est.l1_ratios))),
                  "solver": est.solver, "scoring": est.scoring, "refit": est.refit,
                  "cv": est.cv, "class_weight": est.class_weight,
                  "fit_intercept": est.fit_intercept, "tol": tol}
    return {
        "params": out_params,
        "C_": float(est.C_),
        "l1_ratio_": float(est.l1_ratio_),
        "Cs_": est.Cs_,
        "scores_": est.scores_.ravel(),  # (n_folds, n_l1_ratios, n_cs), C order
        "coefs_paths_": est.coefs_paths_.ravel(),  # (n_folds, n_l1, n_cs, n_out, n_dof)
        "coefs_paths_shape": list(est.coefs_paths_.shape),
        "coef_": est.coef_,
        "intercept_": est.intercept_,
        "predict_proba": est.predict_proba(X_test),
        "predict": est.predict(X_test),
    }


def _case(name, X, y, X_test, variants, sample_weight=None):
    return {"name": name, "X": X, "y": y, "X_test": X_test, "sample_weight": sample_weight,
            "fits": [_fit(X, y, X_test, sample_weight, **v) for v in variants]}


def cases():
    rng = np.random.default_rng(23)
    out = []
    X = _inputs(rng, 100, 4)
    X_test = _inputs(rng, 8, 4)
    y = _labels(X, np.array([1.0, -1.0, 0.5, 0.0]), rng)
    out.append(_case("binary", X, y, X_test, [
        {"scoring": None},  # Cs=10, l1_ratios None, 5 folds, accuracy
        {"Cs": [0.01, 0.1, 1.0, 10.0], "scoring": "neg_log_loss", "cv": 3},
        {"Cs": 5, "scoring": "neg_log_loss", "refit": False},
        # (saga paths keep C away from the all-zero region, where SAGA stops after one epoch
        # with the intercept away from the log-odds.)
        {"Cs": [0.3, 1.0, 3.0], "l1_ratios": [0.2, 0.8], "solver": "saga",
         "scoring": "neg_log_loss", "cv": 3},
        {"Cs": [0.05, 0.5, 5.0], "l1_ratios": [1.0], "solver": "saga", "scoring": "neg_log_loss",
         "cv": 4, "fit_intercept": False},
    ]))
    X = _inputs(rng, 120, 3)
    X_test = _inputs(rng, 8, 3)
    y = _multiclass(X, rng.standard_normal((3, 3)), rng) * 2.0 + 1.0  # labels 1, 3, 5
    w = np.round(rng.uniform(0.2, 2.0, len(y)), 3)
    out.append(_case("multiclass_3", X, y, X_test, [
        {"Cs": 4, "scoring": "neg_log_loss", "cv": 4},
        {"Cs": 4, "scoring": "neg_log_loss", "class_weight": "balanced", "refit": False},
        {"Cs": [0.1, 1.0], "l1_ratios": [0.0, 0.5, 1.0], "solver": "saga",
         "scoring": "neg_log_loss", "cv": 3},
    ]))
    out.append(_case("multiclass_3_weighted", X, y, X_test, sample_weight=w, variants=[
        {"Cs": 4, "scoring": "neg_log_loss", "cv": 3},
    ]))
    return out


def main():
    doc = {"meta": meta(), "LogisticRegressionCV": to_json(cases())}
    text = dumps(doc) + "\n"
    assert json.loads(text) == doc
    (HERE / "logistic_cv.json").write_text(text)
    print(f"wrote logistic_cv.json ({len(text) / 1024:.1f} KiB)")


if __name__ == "__main__":
    main()
