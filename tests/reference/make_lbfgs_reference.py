#!/usr/bin/env python3
"""Reference outputs of scikit-learn for the L-BFGS linear models of mlkit: LogisticRegression,
PoissonRegressor, GammaRegressor, TweedieRegressor and HuberRegressor.

Run from anywhere with the project's virtual environment:

    .venv/bin/python tests/reference/make_lbfgs_reference.py

It rewrites lbfgs.json beside this file, in the format of make_reference.py (whose helpers it
uses). Each fit is run with a tight tol and a large max_iter, so that scikit-learn's solution is
the optimum to far better than the 1e-6 the C++ tests ask for; the script checks that (the
largest gradient entry of scikit-learn's objective at its solution is recorded as "grad_max")
and also records scikit-learn's objective value and iteration count.
"""

import json
import pathlib
import sys
import warnings

import numpy as np
from sklearn.linear_model import (
    GammaRegressor,
    HuberRegressor,
    LogisticRegression,
    PoissonRegressor,
    TweedieRegressor,
)
from sklearn.linear_model._huber import _huber_loss_and_gradient
from sklearn.linear_model._linear_loss import LinearModelLoss
from sklearn._loss.loss import HalfBinomialLoss, HalfMultinomialLoss
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils.class_weight import compute_class_weight

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_reference import _inputs, dumps, meta, to_json  # noqa: E402

TOL = 1e-10
MAX_ITER = 20000


def _objective(est, X, y, sample_weight):
    """scikit-learn's lbfgs objective and its largest gradient entry at the fitted solution."""
    classes = est.classes_
    codes = np.searchsorted(classes, y).astype(np.float64)
    sw = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, float)
    if est.class_weight is not None:
        cw = compute_class_weight(est.class_weight, classes=classes, y=y, sample_weight=sample_weight)
        sw = sw * cw[codes.astype(int)]
    binary = len(classes) == 2
    loss = LinearModelLoss(
        HalfBinomialLoss() if binary else HalfMultinomialLoss(n_classes=len(classes)),
        fit_intercept=est.fit_intercept,
    )
    l2 = 0.0 if np.isinf(est.C) else 1.0 / (est.C * sw.sum())
    if binary:
        coef = np.concatenate([est.coef_[0], est.intercept_]) if est.fit_intercept else est.coef_[0]
    else:
        coef = np.hstack([est.coef_, est.intercept_[:, None]]) if est.fit_intercept else est.coef_
        coef = np.asfortranarray(coef).ravel(order="F")
    value, grad = loss.loss_gradient(coef, X, codes, sw, l2)
    return float(value), float(np.abs(grad).max())


def _fit(X, y, X_test, sample_weight, **params):
    est = LogisticRegression(tol=TOL, max_iter=MAX_ITER, **params)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        est.fit(X, y, sample_weight=sample_weight)
    value, grad_max = _objective(est, X, y, sample_weight)
    assert grad_max <= 1e-7, (params, grad_max)
    return {
        # C = inf (no penalty) is written as the string "inf".
        "params": {"C": "inf" if np.isinf(est.C) else est.C, "fit_intercept": est.fit_intercept,
                   "class_weight": est.class_weight, "tol": TOL, "max_iter": MAX_ITER},
        "classes_": est.classes_,
        "coef_": est.coef_,
        "intercept_": est.intercept_,
        "n_iter_": est.n_iter_,
        "objective": value,
        "grad_max": grad_max,
        "decision_function": est.decision_function(X_test),
        "predict_proba": est.predict_proba(X_test),
        "predict": est.predict(X_test),
    }


def _case(name, X, y, X_test, variants, sample_weight=None, **extra):
    fits = [_fit(X, y, X_test, sample_weight, **v) for v in variants]
    return {"name": name, "X": X, "y": y, "X_test": X_test, "sample_weight": sample_weight,
            "fits": fits, **extra}


def _labels(X, w, rng, noise=1.0):
    """Binary labels of a noisy linear rule (not separable)."""
    return (X @ w + noise * rng.standard_normal(len(X)) > 0).astype(np.float64)


def _multiclass(X, W, rng, noise=1.0):
    scores = X @ W.T + noise * rng.standard_normal((len(X), W.shape[0]))
    return np.argmax(scores, axis=1).astype(np.float64)


def logistic_cases():
    rng = np.random.default_rng(7)
    cases = []
    X = _inputs(rng, 120, 5)
    X_test = _inputs(rng, 10, 5)
    y = _labels(X, np.array([1.0, -2.0, 0.5, 0.0, 1.5]), rng)
    cases.append(_case("binary", X, y, X_test, [
        {"C": 1.0}, {"C": 0.05}, {"C": 1.0, "fit_intercept": False}, {"C": np.inf},
    ]))
    # Columns on scales 0.1 .. 10: a condition number of about 1e4 for the Hessian.
    scale = np.array([0.1, 1.0, 3.0, 10.0])
    X = _inputs(rng, 150, 4) * scale
    X_test = _inputs(rng, 10, 4) * scale
    y = _labels(X / scale, np.array([1.0, -1.0, 0.5, 2.0]), rng)
    cases.append(_case("ill_conditioned", X, y, X_test, [{"C": 1.0}, {"C": 100.0}]))
    # More features than samples: separable, so only penalised fits have an optimum.
    X = _inputs(rng, 25, 40)
    X_test = _inputs(rng, 8, 40)
    y = _labels(X, rng.standard_normal(40), rng)
    cases.append(_case("p_greater_than_n", X, y, X_test, [{"C": 1.0}, {"C": 0.1}]))
    # A duplicated column and one that is a combination of two others.
    X = _inputs(rng, 100, 4)
    X = np.hstack([X, X[:, :1], X[:, 1:2] - 2.0 * X[:, 2:3]])
    X_test = _inputs(rng, 8, 4)
    X_test = np.hstack([X_test, X_test[:, :1], X_test[:, 1:2] - 2.0 * X_test[:, 2:3]])
    y = _labels(X[:, :4], np.array([1.0, 0.5, -1.0, 0.3]), rng)
    cases.append(_case("collinear", X, y, X_test, [{"C": 1.0}, {"C": 10.0}]))
    # Sample weights, class weights and labels that are not 0/1.
    X = _inputs(rng, 90, 3)
    X_test = _inputs(rng, 8, 3)
    y = np.where(_labels(X, np.array([1.0, 1.0, -1.0]), rng, 0.7) > 0, 5.0, -2.0)
    y[:30] = -2.0  # imbalanced
    w = np.round(rng.uniform(0.1, 3.0, len(y)), 3)
    cases.append(_case("sample_weight", X, y, X_test, sample_weight=w, variants=[
        {"C": 1.0}, {"C": 0.3, "fit_intercept": False}, {"C": 1.0, "class_weight": "balanced"},
    ]))
    cases.append(_case("class_weight", X, y, X_test, [{"C": 1.0, "class_weight": "balanced"},
                                                      {"C": 0.2, "class_weight": "balanced"}]))
    # Multinomial: three and five classes, weights, no intercept, no penalty.
    X = _inputs(rng, 150, 4)
    X_test = _inputs(rng, 10, 4)
    y = _multiclass(X, rng.standard_normal((3, 4)), rng)
    cases.append(_case("multiclass_3", X, y, X_test, [
        {"C": 1.0}, {"C": 0.1, "fit_intercept": False}, {"C": np.inf},
        {"C": 1.0, "class_weight": "balanced"},
    ]))
    X = _inputs(rng, 200, 6)
    X_test = _inputs(rng, 10, 6)
    y = _multiclass(X, rng.standard_normal((5, 6)), rng) * 3.0 - 4.0
    w = np.round(rng.uniform(0.0, 2.0, len(y)), 3)
    cases.append(_case("multiclass_5_weighted", X, y, X_test, sample_weight=w, variants=[
        {"C": 2.0}, {"C": 2.0, "class_weight": "balanced"},
    ]))
    X = _inputs(rng, 20, 30)
    X_test = _inputs(rng, 5, 30)
    y = np.arange(20, dtype=np.float64) % 4
    cases.append(_case("multiclass_p_greater_than_n", X, y, X_test, [{"C": 0.5}]))
    return cases


GLMS = {"PoissonRegressor": PoissonRegressor, "GammaRegressor": GammaRegressor,
        "TweedieRegressor": TweedieRegressor}


def _glm_fit(cls, X, y, X_test, sample_weight, **params):
    est = GLMS[cls](tol=TOL, max_iter=MAX_ITER, **params)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        est.fit(X, y, sample_weight=sample_weight)
    loss = LinearModelLoss(est._base_loss, fit_intercept=est.fit_intercept)
    coef = np.concatenate([est.coef_, [est.intercept_]]) if est.fit_intercept else est.coef_
    value, grad = loss.loss_gradient(coef, X, y, sample_weight, est.alpha)
    grad_max = float(np.abs(grad).max())
    assert grad_max <= 1e-7, (cls, params, grad_max)
    return {
        "estimator": cls,
        "params": {"alpha": est.alpha, "fit_intercept": est.fit_intercept, "tol": TOL,
                   "max_iter": MAX_ITER, **{k: v for k, v in params.items() if k in ("power", "link")}},
        "coef_": est.coef_,
        "intercept_": est.intercept_,
        "n_iter_": est.n_iter_,
        "objective": float(value),
        "grad_max": grad_max,
        "predict": est.predict(X_test),
    }


def glm_cases():
    rng = np.random.default_rng(11)
    cases = []

    def case(name, X, y, X_test, fits, sample_weight=None):
        cases.append({"name": name, "X": X, "y": y, "X_test": X_test,
                      "sample_weight": sample_weight,
                      "fits": [_glm_fit(c, X, y, X_test, sample_weight, **p) for c, p in fits]})

    X = _inputs(rng, 120, 4)
    X_test = _inputs(rng, 10, 4)
    mu = np.exp(X @ np.array([0.3, -0.2, 0.1, 0.0]) + 0.5)
    counts = rng.poisson(mu).astype(np.float64)
    case("poisson", X, counts, X_test, [
        ("PoissonRegressor", {}), ("PoissonRegressor", {"alpha": 0.01}),
        ("PoissonRegressor", {"alpha": 0.1, "fit_intercept": False}),
        ("TweedieRegressor", {"power": 1.0, "alpha": 0.1}),
    ])
    w = np.round(rng.uniform(0.2, 2.0, len(counts)), 3)
    case("poisson_weighted", X, counts, X_test, sample_weight=w, fits=[
        ("PoissonRegressor", {"alpha": 0.05}),
    ])
    amounts = np.round(rng.gamma(2.0, mu / 2.0), 4)
    case("gamma", X, amounts, X_test, [
        ("GammaRegressor", {}), ("GammaRegressor", {"alpha": 0.01}),
        ("TweedieRegressor", {"power": 2.0, "alpha": 0.1}),
        ("TweedieRegressor", {"power": 3.0, "alpha": 0.1}),
    ])
    mixed = np.where(rng.uniform(size=len(mu)) < 0.3, 0.0, amounts)
    case("compound", X, mixed, X_test, [
        ("TweedieRegressor", {"power": 1.5, "alpha": 0.1}),
        ("TweedieRegressor", {"power": 1.5, "alpha": 0.1, "link": "log"}),
    ])
    # Normal (power 0) with the identity link is ridge regression on the mean loss.
    y = X @ np.array([1.0, -0.5, 0.25, 2.0]) + 0.3 + 0.1 * rng.standard_normal(len(X))
    case("normal", X, y, X_test, [("TweedieRegressor", {}), ("TweedieRegressor", {"alpha": 0.0})])
    # More features than samples and a duplicated column.
    X = _inputs(rng, 20, 30)
    X_test = _inputs(rng, 5, 30)
    X = np.hstack([X, X[:, :1]])
    X_test = np.hstack([X_test, X_test[:, :1]])
    y = rng.poisson(np.exp(0.2 * X[:, 0] + 0.2)).astype(np.float64)
    case("p_greater_than_n", X, y, X_test, [("PoissonRegressor", {"alpha": 0.5})])
    return cases


def _huber_fit(X, y, X_test, sample_weight, **params):
    est = HuberRegressor(tol=1e-10, max_iter=MAX_ITER, **params)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        est.fit(X, y, sample_weight=sample_weight)
    w = np.concatenate([est.coef_, [est.intercept_] if est.fit_intercept else [], [est.scale_]])
    sw = np.ones(len(y)) if sample_weight is None else sample_weight
    value, grad = _huber_loss_and_gradient(w, X, y, est.epsilon, est.alpha, sw)
    return {
        "params": {"epsilon": est.epsilon, "alpha": est.alpha, "fit_intercept": est.fit_intercept,
                   "tol": 1e-10, "max_iter": MAX_ITER},
        "coef_": est.coef_, "intercept_": est.intercept_, "scale_": est.scale_,
        "outliers_": est.outliers_.astype(float), "n_iter_": est.n_iter_,
        "objective": float(value), "grad_max": float(np.abs(grad).max()),
        "predict": est.predict(X_test),
    }


def huber_cases():
    """Targets with gross outliers; scikit-learn's default ftol (2.2e-9) stops these fits, so
    the references are as accurate as that rule allows."""
    rng = np.random.default_rng(13)
    cases = []
    X = _inputs(rng, 100, 3)
    X_test = _inputs(rng, 8, 3)
    y = X @ np.array([1.0, -2.0, 0.5]) + 0.7 + 0.3 * rng.standard_normal(100)
    y[:10] += rng.choice([-1.0, 1.0], 10) * rng.uniform(5, 20, 10)
    w = np.round(rng.uniform(0.2, 2.0, 100), 3)
    variants = [{}, {"epsilon": 1.1, "alpha": 0.01}, {"fit_intercept": False}, {"alpha": 1.0}]
    cases.append({"name": "outliers", "X": X, "y": y, "X_test": X_test, "sample_weight": None,
                  "fits": [_huber_fit(X, y, X_test, None, **v) for v in variants]})
    cases.append({"name": "weighted", "X": X, "y": y, "X_test": X_test, "sample_weight": w,
                  "fits": [_huber_fit(X, y, X_test, w, **v) for v in variants[:2]]})
    return cases


def main():
    doc = {"meta": {**meta(), "generator": "tests/reference/make_lbfgs_reference.py"},
           "LogisticRegression": to_json(logistic_cases()), "GLM": to_json(glm_cases()),
           "HuberRegressor": to_json(huber_cases())}
    text = dumps(doc) + "\n"
    assert json.loads(text) == doc
    (HERE / "lbfgs.json").write_text(text)
    print(f"wrote lbfgs.json ({len(text) / 1024:.1f} KiB)")


if __name__ == "__main__":
    main()
