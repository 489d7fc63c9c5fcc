#!/usr/bin/env python3
"""Reference outputs of scikit-learn's LogisticRegression(solver='saga') for mlkit's L1 and
elastic-net logistic regression.

Run from anywhere with the project's virtual environment:

    .venv/bin/python tests/reference/make_saga_reference.py

It rewrites saga.json beside this file, in the format of make_reference.py. SAGA is run with
tol 1e-13 and a large max_iter on small problems, so that its answer is the minimiser to far
better than the 1e-6 the C++ tests ask for. The script checks that: "opt" is the largest entry
of the minimum-norm subgradient of the objective

    sum_i s_i loss_i / S + ((1 - r) / 2 ||W||^2 + r ||W||_1) / (C S),   S = sum_i s_i,

at scikit-learn's solution (zero exactly at the minimiser); "objective" is its value there.
"""

import json
import pathlib
import sys
import warnings

import numpy as np
from scipy.special import expit, logsumexp
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.utils.class_weight import compute_class_weight

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_reference import _inputs, dumps, meta, to_json  # noqa: E402

TOL = 1e-13
MAX_ITER = 200000


def objective_and_opt(est, X, y, sample_weight):
    classes = est.classes_
    codes = np.searchsorted(classes, y)
    sw = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, float)
    if est.class_weight is not None:
        cw = compute_class_weight(est.class_weight, classes=classes, y=y,
                                  sample_weight=sample_weight)
        sw = sw * cw[codes]
    S = sw.sum()
    r = est.l1_ratio
    W, b = est.coef_, est.intercept_
    Z = X @ W.T + b
    if len(classes) == 2:
        z = Z[:, 0]
        t = (codes == 1).astype(float)
        loss = np.logaddexp(0, z) - t * z
        R = (expit(z) - t)[:, None]
    else:
        lse = logsumexp(Z, axis=1)
        loss = lse - Z[np.arange(len(y)), codes]
        R = np.exp(Z - lse[:, None])
        R[np.arange(len(y)), codes] -= 1
    l2, l1 = (1 - r) / (est.C * S), r / (est.C * S)
    value = (sw @ loss) / S + 0.5 * l2 * (W ** 2).sum() + l1 * np.abs(W).sum()
    GW = (R * sw[:, None]).T @ X / S + l2 * W
    sub = np.where(W > 0, np.abs(GW + l1), np.where(W < 0, np.abs(GW - l1),
                                                  np.maximum(np.abs(GW) - l1, 0)))
    opt = sub.max()
    if est.fit_intercept:
        opt = max(opt, np.abs((R * sw[:, None]).sum(axis=0) / S).max())
    return float(value), float(opt)


def _fit(X, y, X_test, sample_weight, **params):
    est = LogisticRegression(solver="saga", tol=TOL, max_iter=MAX_ITER, random_state=0, **params)
    with warnings.catch_warnings():
        # SAGA's own rule (the relative change of the weights over an epoch) can stall at
        # rounding level before it reaches tol 1e-13; the optimality check below decides.
        warnings.simplefilter("ignore", ConvergenceWarning)
        est.fit(X, y, sample_weight=sample_weight)
    value, opt = objective_and_opt(est, X, y, sample_weight)
    assert opt <= 1e-9, (params, opt)
    return {
        # A class_weight dict is written as [label, weight] pairs.
        "params": {"C": est.C, "l1_ratio": est.l1_ratio, "fit_intercept": est.fit_intercept,
                   "class_weight": ([[k, v] for k, v in est.class_weight.items()]
                                    if isinstance(est.class_weight, dict) else est.class_weight)},
        "classes_": est.classes_,
        "coef_": est.coef_,
        "intercept_": est.intercept_,
        "objective": value,
        "opt": opt,
        "n_zero": int((est.coef_ == 0).sum()),
        "decision_function": est.decision_function(X_test),
        "predict_proba": est.predict_proba(X_test),
        "predict": est.predict(X_test),
    }


def _case(name, X, y, X_test, variants, sample_weight=None):
    return {"name": name, "X": X, "y": y, "X_test": X_test, "sample_weight": sample_weight,
            "fits": [_fit(X, y, X_test, sample_weight, **v) for v in variants]}


def _labels(X, w, rng, noise=1.0):
    return (X @ w + noise * rng.standard_normal(len(X)) > 0).astype(np.float64)


def _multiclass(X, W, rng, noise=1.0):
    scores = X @ W.T + noise * rng.standard_normal((len(X), W.shape[0]))
    return np.argmax(scores, axis=1).astype(np.float64)


def saga_cases():
    rng = np.random.default_rng(17)
    cases = []
    # Sparse truth: L1 should zero the three null coefficients at moderate C.
    X = _inputs(rng, 150, 6)
    X_test = _inputs(rng, 10, 6)
    y = _labels(X, np.array([1.5, -2.0, 0.0, 0.0, 1.0, 0.0]), rng)
    cases.append(_case("binary", X, y, X_test, [
        {"C": 1.0, "l1_ratio": 1.0}, {"C": 0.05, "l1_ratio": 1.0}, {"C": 0.5, "l1_ratio": 0.5},
        {"C": 1.0, "l1_ratio": 1.0, "fit_intercept": False}, {"C": 2.0, "l1_ratio": 0.0},
        # (A C so small that every coefficient is zero is left out: SAGA stops after one epoch
        # there, with the intercept far from the log-odds; the C++ tests check that case.)
    ]))
    # Columns on scales 0.3 .. 3.
    scale = np.array([0.3, 1.0, 3.0, 1.5])
    X = _inputs(rng, 160, 4) * scale
    X_test = _inputs(rng, 8, 4) * scale
    y = _labels(X / scale, np.array([1.0, -1.0, 0.5, 0.0]), rng)
    cases.append(_case("scaled_columns", X, y, X_test, [{"C": 0.5, "l1_ratio": 1.0},
                                                        {"C": 0.5, "l1_ratio": 0.3}]))
    # More features than samples: the L1 solution keeps at most n nonzeros.
    X = _inputs(rng, 30, 50)
    X_test = _inputs(rng, 6, 50)
    w = np.zeros(50)
    w[:4] = [2.0, -1.5, 1.0, 1.0]
    y = _labels(X, w, rng, 0.5)
    cases.append(_case("p_greater_than_n", X, y, X_test, [{"C": 0.5, "l1_ratio": 1.0},
                                                          {"C": 0.5, "l1_ratio": 0.7}]))
    # Collinear columns: elastic net (unique minimiser); duplicated column shares the weight.
    X = _inputs(rng, 100, 4)
    X = np.hstack([X, X[:, :1], X[:, 1:2] - 2.0 * X[:, 2:3]])
    X_test = _inputs(rng, 6, 4)
    X_test = np.hstack([X_test, X_test[:, :1], X_test[:, 1:2] - 2.0 * X_test[:, 2:3]])
    y = _labels(X[:, :4], np.array([1.0, 0.5, -1.0, 0.3]), rng)
    cases.append(_case("collinear", X, y, X_test, [{"C": 1.0, "l1_ratio": 0.5}]))
    # Sample weights (a zero among them), class weights, labels that are not 0/1.
    X = _inputs(rng, 90, 3)
    X_test = _inputs(rng, 8, 3)
    y = np.where(_labels(X, np.array([1.0, 1.0, -1.0]), rng, 0.7) > 0, 5.0, -2.0)
    y[:30] = -2.0
    w = np.round(rng.uniform(0.1, 3.0, len(y)), 3)
    w[3] = 0.0
    cases.append(_case("sample_weight", X, y, X_test, sample_weight=w, variants=[
        {"C": 0.5, "l1_ratio": 1.0}, {"C": 0.5, "l1_ratio": 0.5, "class_weight": "balanced"},
        {"C": 0.5, "l1_ratio": 1.0, "class_weight": {-2.0: 0.8, 5.0: 1.5}},
    ]))
    # Multinomial: three and four classes.
    X = _inputs(rng, 150, 5)
    X_test = _inputs(rng, 10, 5)
    y = _multiclass(X, rng.standard_normal((3, 5)) * np.array([1, 1, 0, 1, 0]), rng)
    cases.append(_case("multiclass_3", X, y, X_test, [
        {"C": 0.5, "l1_ratio": 1.0}, {"C": 0.5, "l1_ratio": 0.5},
        {"C": 0.5, "l1_ratio": 1.0, "fit_intercept": False},
        {"C": 0.5, "l1_ratio": 0.8, "class_weight": "balanced"},
    ]))
    X = _inputs(rng, 120, 4)
    X_test = _inputs(rng, 8, 4)
    y = _multiclass(X, rng.standard_normal((4, 4)), rng)
    w = np.round(rng.uniform(0.2, 2.0, len(y)), 3)
    cases.append(_case("multiclass_4_weighted", X, y, X_test, sample_weight=w, variants=[
        {"C": 1.0, "l1_ratio": 1.0}, {"C": 0.2, "l1_ratio": 0.5}]))
    return cases


def main():
    doc = {"meta": meta(), "LogisticRegression": to_json(saga_cases())}
    text = dumps(doc) + "\n"
    assert json.loads(text) == doc
    (HERE / "saga.json").write_text(text)
    print(f"wrote saga.json ({len(text) / 1024:.1f} KiB)")


if __name__ == "__main__":
    main()
