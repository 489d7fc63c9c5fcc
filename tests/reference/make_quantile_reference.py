#!/usr/bin/env python3
"""Reference outputs of scikit-learn's QuantileRegressor for mlkit's C++ tests.

Run from anywhere with the project's virtual environment:

    .venv/bin/python tests/reference/make_quantile_reference.py

It rewrites quantile.json beside this file, in the format of make_reference.py (whose helpers it
uses). Each case holds one data set and several fits; each fit records scikit-learn's coef_,
intercept_ and predictions (solver 'highs'), the LP objective at that solution

    sum_i s_i rho_q(y_i - x_i w - c) + alpha (sum_i s_i) ||w||_1,

and whether that optimum is unique. Uniqueness is checked, not assumed: for every coefficient
the script solves two more LPs that minimise and maximise it over the optimal face (objective
at most the optimum plus 1e-11 relative) and records the widest range as "coef_range" (null
when unbounded). At a unique, sharp optimum that range shrinks with the slack (it is about
1e-9 here); where it is above 1e-5 the LP is degenerate, any vertex of that face is a correct
answer, and the C++ tests compare the objective value rather than the coefficients.
"""

import json
import pathlib
import sys

import numpy as np
from scipy import sparse
from scipy.optimize import linprog
from sklearn.linear_model import QuantileRegressor

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_reference import _inputs, dumps, meta, to_json  # noqa: E402


def _pinball(r, q):
    return np.where(r >= 0, q * r, (q - 1) * r)


def _objective(est, X, y, sw):
    r = y - X @ est.coef_ - est.intercept_
    penalty = est.alpha * sw.sum() * np.abs(est.coef_).sum()
    return float(np.sum(sw * _pinball(r, est.quantile)) + penalty)


def _coef_range(est, X, y, sw, opt):
    """Widest range of any coefficient (intercept included) over the optimal face of the LP;
    None where it is unbounded."""
    keep = sw > 0
    X, y, sw = X[keep], y[keep], sw[keep]
    n, p = X.shape
    cols = [X] if not est.fit_intercept else [np.ones((n, 1)), X]
    B = np.hstack(cols)
    m = B.shape[1]
    eye = np.eye(n)
    A_eq = sparse.csc_array(np.hstack([B, -B, eye, -eye]))
    pen = np.full(m, est.alpha * np.sum(sw))
    if est.fit_intercept:
        pen[0] = 0
    c = np.concatenate([pen, pen, sw * est.quantile, sw * (1 - est.quantile)])
    bound = opt + 1e-11 * max(1.0, abs(opt))
    widest = 0.0
    for j in range(m):
        e = np.zeros(len(c))
        e[j], e[m + j] = 1.0, -1.0
        lo = linprog(e, A_ub=c[None, :], b_ub=[bound], A_eq=A_eq, b_eq=y, method="highs")
        hi = linprog(-e, A_ub=c[None, :], b_ub=[bound], A_eq=A_eq, b_eq=y, method="highs")
        if lo.status == 3 or hi.status == 3:
            return None  # the face is unbounded (alpha = 0 with more coefficients than samples)
        assert lo.status == 0 and hi.status == 0, (lo.message, hi.message)
        widest = max(widest, -hi.fun - lo.fun)
    return float(widest)


def _fit(X, y, X_test, sample_weight, **params):
    est = QuantileRegressor(solver="highs", **params).fit(X, y, sample_weight=sample_weight)
    sw = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, float)
    opt = _objective(est, X, y, sw)
    rng = _coef_range(est, X, y, sw, opt)
    scale = max(1.0, np.abs(est.coef_).max(initial=0.0), abs(est.intercept_))
    return {
        "params": {"quantile": est.quantile, "alpha": est.alpha,
                   "fit_intercept": est.fit_intercept},
        "coef_": est.coef_, "intercept_": float(est.intercept_), "n_iter_": int(est.n_iter_),
        "objective": opt, "coef_range": rng, "unique": rng is not None and rng <= 1e-5 * scale,
        "predict": est.predict(X_test),
    }


def _case(name, X, y, X_test, sample_weight, variants):
    return {"name": name, "X": X, "y": y, "X_test": X_test, "sample_weight": sample_weight,
            "fits": [_fit(X, y, X_test, sample_weight, **v) for v in variants]}


def quantile_cases():
    rng = np.random.default_rng(20)
    cases = []
    X = _inputs(rng, 61, 3)
    X_test = _inputs(rng, 6, 3)
    y = np.round(X @ np.array([1.0, -2.0, 0.5]) + 0.7 + 0.5 * rng.standard_normal(61), 4)
    cases.append(_case("gaussian", X, y, X_test, None, [
        {"quantile": 0.5, "alpha": 0.0}, {"quantile": 0.1, "alpha": 0.0},
        {"quantile": 0.9, "alpha": 0.0}, {"quantile": 0.5, "alpha": 0.01},
        {"quantile": 0.9, "alpha": 0.05}, {"quantile": 0.5, "alpha": 0.0, "fit_intercept": False},
        {"quantile": 0.1, "alpha": 0.1, "fit_intercept": False},
        # Every coefficient zero: the intercept is a quantile of y.
        {"quantile": 0.5, "alpha": 10.0},
    ]))
    w = np.round(rng.uniform(0.2, 3.0, 61), 3)
    w[::7] = 0.0  # zero weights drop out of the LP
    cases.append(_case("weighted", X, y, X_test, w, [
        {"quantile": 0.3, "alpha": 0.0}, {"quantile": 0.5, "alpha": 0.01},
        {"quantile": 0.9, "alpha": 0.02, "fit_intercept": False},
    ]))
    # p > n: with alpha > 0 the L1 penalty picks a sparse vertex.
    Xw = _inputs(rng, 15, 25)
    yw = np.round(Xw[:, :3] @ np.array([2.0, -1.0, 1.5]) + 0.2 * rng.standard_normal(15), 4)
    cases.append(_case("wide", Xw, yw, _inputs(rng, 4, 25), None, [
        {"quantile": 0.5, "alpha": 0.05}, {"quantile": 0.5, "alpha": 0.0},
    ]))
    # Collinear columns: a copy and a sum of two columns; the optimum is a face, not a point.
    base = _inputs(rng, 50, 3)
    Xc = np.column_stack([base, base[:, 0], base[:, 1] + base[:, 2]])
    yc = np.round(base @ np.array([1.0, 0.5, -1.0]) + 0.3 * rng.standard_normal(50), 4)
    cases.append(_case("collinear", Xc, yc, _inputs(rng, 4, 5), None, [
        {"quantile": 0.5, "alpha": 0.0}, {"quantile": 0.9, "alpha": 0.01},
    ]))
    # Heavy-tailed noise (Student t with 1.5 degrees of freedom), where the median beats least
    # squares.
    Xh = _inputs(rng, 201, 4)
    yh = np.round(Xh @ np.array([0.5, 1.0, -1.5, 2.0]) - 1.0 + rng.standard_t(1.5, 201), 4)
    cases.append(_case("heavy_tailed", Xh, yh, _inputs(rng, 5, 4), None, [
        {"quantile": 0.5, "alpha": 0.0}, {"quantile": 0.1, "alpha": 0.005},
        {"quantile": 0.9, "alpha": 0.0},
    ]))
    return cases


def main():
    doc = {"meta": {**meta(), "generator": "tests/reference/make_quantile_reference.py"},
           "QuantileRegressor": to_json(quantile_cases())}
    text = dumps(doc) + "\n"
    assert json.loads(text) == doc
    (HERE / "quantile.json").write_text(text)
    n = sum(len(c["fits"]) for c in doc["QuantileRegressor"])
    u = sum(f["unique"] for c in doc["QuantileRegressor"] for f in c["fits"])
    print(f"wrote quantile.json ({len(text) / 1024:.1f} KiB, {n} fits, {u} with a unique optimum)")


if __name__ == "__main__":
    main()
