#!/usr/bin/env python3
"""Reference outputs of scikit-learn's coordinate-descent linear models for mlkit's C++ tests.

    .venv/bin/python tests/reference/make_cd_reference.py

Writes coordinate_descent.json beside this file: Lasso, ElasticNet, lasso_path / enet_path,
LassoCV / ElasticNetCV and MultiTaskLasso / MultiTaskElasticNet on fixed inputs (numpy seeds),
well- and ill-conditioned, p > n, nearly collinear columns, sample weights, several targets,
positive=True. Every fit uses tol=1e-12 so that scikit-learn and mlkit both run to the same
optimum, whatever their iterates; the tests compare the optima. Numbers are written at full
precision by make_reference.py's writer.
"""

import json
import pathlib
import sys
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import (
    ElasticNet,
    ElasticNetCV,
    Lasso,
    LassoCV,
    MultiTaskElasticNet,
    MultiTaskLasso,
    enet_path,
    lasso_path,
)

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from make_reference import dumps, meta, to_json  # noqa: E402

TOL = 1e-12
MAX_ITER = 100000


def _inputs(rng, n, p):
    return np.round(rng.standard_normal((n, p)), 4)


def _target(rng, X, k=None, sparse_coef=True):
    p = X.shape[1]
    shape = (p,) if k is None else (p, k)
    coef = rng.standard_normal(shape)
    if sparse_coef:
        coef[rng.random(shape) < 0.5] = 0.0
    y = X @ coef + 0.3 + 0.1 * rng.standard_normal((X.shape[0],) if k is None else (X.shape[0], k))
    return np.round(y, 4)


def _ill_conditioned(rng, n, p, kappa):
    U, _ = np.linalg.qr(rng.standard_normal((n, p)))
    V, _ = np.linalg.qr(rng.standard_normal((p, p)))
    s = np.geomspace(1.0, 1.0 / kappa, p)
    return (U * s) @ V.T * np.sqrt(n)


def _problems():
    """(name, X, y, X_test, sample_weight) for the single- and several-target fits."""
    rng = np.random.RandomState(7)
    out = []
    X = _inputs(rng, 40, 8)
    out.append(("well_conditioned", X, _target(rng, X), _inputs(rng, 6, 8), None))
    X = _ill_conditioned(rng, 50, 6, 1e4)
    out.append(("ill_conditioned", X, _target(rng, X), _inputs(rng, 6, 6), None))
    X = _inputs(rng, 15, 30)
    out.append(("p_greater_than_n", X, _target(rng, X), _inputs(rng, 6, 30), None))
    X = _inputs(rng, 30, 5)
    X = np.column_stack([X, X[:, 0] + 1e-3 * rng.standard_normal(30), X[:, 1] - X[:, 2]])
    out.append(("collinear", X, _target(rng, X), _inputs(rng, 6, 7), None))
    X = _inputs(rng, 35, 6)
    w = np.round(rng.uniform(0.1, 3.0, 35), 3)
    w[[3, 17]] = 0.0
    out.append(("sample_weight", X, _target(rng, X), _inputs(rng, 6, 6), w))
    X = _inputs(rng, 30, 6)
    out.append(("several_targets", X, _target(rng, X, k=3), _inputs(rng, 6, 6), None))
    return out


def _fit_case(cls, name, X, y, X_test, sw, params):
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        est = cls(tol=TOL, max_iter=MAX_ITER, **params).fit(X, y, sample_weight=sw)
    k = 1 if y.ndim == 1 else y.shape[1]
    return {
        "params": dict(params, tol=TOL, max_iter=MAX_ITER),
        "coef_": np.asarray(est.coef_).reshape(k, X.shape[1]),
        # 0.0 without an intercept, for any number of targets.
        "intercept_": np.broadcast_to(np.atleast_1d(est.intercept_), (k,)),
        "dual_gap_": np.atleast_1d(est.dual_gap_),
        "n_iter_": np.atleast_1d(est.n_iter_),
        "predict": est.predict(X_test).reshape(X_test.shape[0], k),
    }


def estimator_cases():
    cases = []
    for name, X, y, X_test, sw in _problems():
        fits = []
        for cls, variants in (
            (Lasso, [dict(alpha=0.05), dict(alpha=0.3, fit_intercept=False),
                     dict(alpha=0.05, precompute=True), dict(alpha=0.05, positive=True),
                     dict(alpha=0.1, selection="random", random_state=3)]),
            (ElasticNet, [dict(alpha=0.1, l1_ratio=0.5), dict(alpha=0.02, l1_ratio=0.2,
                                                               precompute=True),
                          dict(alpha=0.1, l1_ratio=0.7, positive=True, fit_intercept=False)]),
        ):
            for params in variants:
                if name == "several_targets" and params.get("positive"):
                    pass  # allowed: each target is fitted on its own
                f = _fit_case(cls, name, X, y, X_test, sw, params)
                f["estimator"] = cls.__name__
                fits.append(f)
        cases.append({"name": name, "X": X, "y": y, "X_test": X_test, "sample_weight": sw,
                      "fits": fits})
    # alpha = 0: ElasticNet runs coordinate descent on the least-squares problem.
    rng = np.random.RandomState(11)
    X = _inputs(rng, 25, 4)
    y = _target(rng, X)
    X_test = _inputs(rng, 5, 4)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        fits = [dict(_fit_case(ElasticNet, "alpha_zero", X, y, X_test, None,
                               dict(alpha=0.0, l1_ratio=0.5)), estimator="ElasticNet"),
                dict(_fit_case(Lasso, "alpha_zero", X, y, X_test, None, dict(alpha=0.0)),
                     estimator="Lasso")]
    cases.append({"name": "alpha_zero", "X": X, "y": y, "X_test": X_test, "sample_weight": None,
                  "fits": fits})
    return cases


def path_cases():
    rng = np.random.RandomState(21)
    out = []
    X = _inputs(rng, 60, 10)
    y = _target(rng, X)
    for fn, params in (
        (lasso_path, dict(alphas=25, eps=1e-2)),
        (lasso_path, dict(alphas=10, eps=1e-3, positive=True)),
        (enet_path, dict(l1_ratio=0.5, alphas=20, eps=1e-3)),
        (enet_path, dict(l1_ratio=0.3, alphas=[0.5, 0.01, 0.1, 0.05], precompute=False)),
    ):
        alphas, coefs, gaps = fn(X, y, tol=TOL, max_iter=MAX_ITER, **params)
        out.append({"function": fn.__name__, "params": dict(params, tol=TOL, max_iter=MAX_ITER),
                    "X": X, "y": y, "alphas": alphas, "coefs": coefs})
    X = _inputs(rng, 12, 25)  # p > n: no Gram by default
    y = _target(rng, X)
    alphas, coefs, _ = lasso_path(X, y, alphas=15, eps=1e-2, tol=TOL, max_iter=MAX_ITER)
    out.append({"function": "lasso_path",
                "params": dict(alphas=15, eps=1e-2, tol=TOL, max_iter=MAX_ITER),
                "X": X, "y": y, "alphas": alphas, "coefs": coefs})
    return out


def cv_cases():
    rng = np.random.RandomState(31)
    out = []
    X = _inputs(rng, 50, 8)
    y = _target(rng, X)
    X_test = _inputs(rng, 5, 8)
    w = np.round(rng.uniform(0.2, 2.0, 50), 3)
    for cls, params, sw in (
        (LassoCV, dict(alphas=20, eps=1e-2), None),
        (LassoCV, dict(alphas=[0.3, 0.01, 0.1, 0.03], cv=4, fit_intercept=False), None),
        (LassoCV, dict(alphas=15, eps=1e-2, cv=3, precompute=False), w),
        (ElasticNetCV, dict(l1_ratio=0.5, alphas=20, eps=1e-2), None),
        (ElasticNetCV, dict(l1_ratio=[0.2, 0.6, 1.0], alphas=12, eps=1e-2, cv=3), None),
        (ElasticNetCV, dict(l1_ratio=[0.3, 0.9], alphas=[0.2, 0.05, 0.01], positive=True), w),
    ):
        with warnings.catch_warnings():
            warnings.simplefilter("error", ConvergenceWarning)
            est = cls(tol=TOL, max_iter=MAX_ITER, **params).fit(X, y, sample_weight=sw)
        out.append({
            "estimator": cls.__name__,
            "params": dict(params, tol=TOL, max_iter=MAX_ITER),
            "X": X, "y": y, "X_test": X_test, "sample_weight": sw,
            "alpha_": est.alpha_,
            "l1_ratio_": getattr(est, "l1_ratio_", 1.0),
            "alphas_": est.alphas_,
            "mse_path_": est.mse_path_,
            "coef_": est.coef_,
            "intercept_": est.intercept_,
            "predict": est.predict(X_test),
        })
    return out


def multi_task_cases():
    rng = np.random.RandomState(41)
    out = []
    for n, p, k in ((40, 7, 3), (12, 20, 2)):
        X = _inputs(rng, n, p)
        coef = rng.standard_normal((p, k))
        coef[rng.random(p) < 0.5] = 0.0
        Y = np.round(X @ coef + 0.2 + 0.1 * rng.standard_normal((n, k)), 4)
        X_test = _inputs(rng, 5, p)
        w = np.round(rng.uniform(0.2, 2.0, n), 3)
        fits = []
        for cls, params, sw in (
            (MultiTaskLasso, dict(alpha=0.1), None),
            (MultiTaskLasso, dict(alpha=0.05, fit_intercept=False), None),
            (MultiTaskLasso, dict(alpha=0.1), w),
            (MultiTaskElasticNet, dict(alpha=0.1, l1_ratio=0.4), None),
        ):
            with warnings.catch_warnings():
                warnings.simplefilter("error", ConvergenceWarning)
                est = cls(tol=TOL, max_iter=MAX_ITER, **params).fit(X, Y, sample_weight=sw)
            fits.append({"estimator": cls.__name__,
                         "params": dict(params, tol=TOL, max_iter=MAX_ITER),
                         "sample_weight": sw, "coef_": est.coef_,
                         "intercept_": np.broadcast_to(np.atleast_1d(est.intercept_), (k,)),
                         "predict": est.predict(X_test)})
        out.append({"X": X, "y": Y, "X_test": X_test, "fits": fits})
    return out


def build():
    return to_json({
        "estimators": estimator_cases(),
        "paths": path_cases(),
        "cv": cv_cases(),
        "multi_task": multi_task_cases(),
    })


def main():
    doc = {"meta": dict(meta(), generator="tests/reference/make_cd_reference.py"), **build()}
    text = dumps(doc) + "\n"
    assert json.loads(text) == doc
    (HERE / "coordinate_descent.json").write_text(text)
    print(f"wrote coordinate_descent.json ({len(text) / 1024:.1f} KiB)")


if __name__ == "__main__":
    main()
