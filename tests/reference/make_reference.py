#!/usr/bin/env python3
"""Reference outputs of scikit-learn for mlkit's C++ parity tests.

Run from anywhere with the project's virtual environment:

    .venv/bin/python tests/reference/make_reference.py

It rewrites linear_models.json, linear_positive.json, ridge.json, ridge_cv.json,
ridge_classifier.json, bayesian_ridge.json, sgd.json, preprocessing.json and metrics.json
beside this file. Every case holds its inputs and scikit-learn's outputs at full precision
(Python's shortest round-trip repr), so the C++ tests need nothing but the JSON. NaN is written as the string "NaN" and None as null.
Every random input comes from a fixed numpy seed, so the script is deterministic; the pytest
tests/python/test_reference.py re-runs the builders below and checks that the committed files
still hold what the installed scikit-learn computes.
"""

import json
import math
import pathlib
import platform

import numpy as np
import scipy
import sklearn
from sklearn.linear_model import (
    BayesianRidge,
    LinearRegression,
    Ridge,
    RidgeClassifier,
    RidgeCV,
    SGDClassifier,
    SGDRegressor,
)
from sklearn.metrics import euclidean_distances, r2_score
from sklearn.preprocessing import StandardScaler

HERE = pathlib.Path(__file__).resolve().parent


def to_json(value):
    """Arrays and numpy scalars as plain lists and numbers; NaN as "NaN"; None as null."""
    if value is None:
        return None
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    if isinstance(value, np.ndarray):
        return to_json(value.tolist())
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        value = float(value)
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            raise ValueError("infinite values are not expected in the references")
        return value
    if isinstance(value, str):
        return value
    raise TypeError(f"cannot write {type(value).__name__} to the references")


def _inputs(rng, n, p, decimals=4):
    """Normal inputs, rounded so the JSON stays short; the rounded values are the inputs."""
    return np.round(rng.standard_normal((n, p)), decimals)


# --------------------------------------------------------------------------------------------
# LinearRegression
# --------------------------------------------------------------------------------------------


def _linear_case(name, X, y, X_test, sample_weight=None, **params):
    est = LinearRegression(**params).fit(X, y, sample_weight=sample_weight)
    n_targets = 1 if y.ndim == 1 else y.shape[1]
    pred = est.predict(X_test).reshape(X_test.shape[0], n_targets)
    return {
        "name": name,
        "params": {"fit_intercept": est.fit_intercept, "tol": est.tol},
        "X": X,
        # A single target is written as a flat list, several as n × k (scikit-learn's shapes).
        "y": y,
        "sample_weight": sample_weight,
        "X_test": X_test,
        # Always n_targets × n_features and n_targets, as mlkit's accessors return them.
        "coef_": np.asarray(est.coef_).reshape(n_targets, X.shape[1]),
        "intercept_": np.atleast_1d(est.intercept_).astype(float),
        "rank_": est.rank_,
        "singular_": est.singular_,
        "predict": pred,
    }


def _ill_conditioned_design(rng, n, p, kappa):
    """X whose centred matrix has singular values geomspace(1, 1/kappa) · 10 exactly (up to
    rounding): orthonormal left vectors orthogonal to the ones vector, random right vectors."""
    A = rng.standard_normal((n, p))
    A -= A.mean(axis=0)
    U, _ = np.linalg.qr(A)
    V, _ = np.linalg.qr(rng.standard_normal((p, p)))
    s = 10.0 * np.geomspace(1.0, 1.0 / kappa, p)
    return U @ np.diag(s) @ V.T + rng.uniform(-2, 2, size=p)


def linear_model_cases():
    cases = []
    beta = np.array([1.5, -2.0, 0.0, 3.25, 0.5])

    rng = np.random.default_rng(1001)
    X = _inputs(rng, 50, 5)
    y = np.round(X @ beta + 0.7 + 0.1 * rng.standard_normal(50), 6)
    cases.append(_linear_case("well_conditioned", X, y, _inputs(rng, 10, 5)))

    rng = np.random.default_rng(1002)
    X = _inputs(rng, 50, 5)
    y = np.round(X @ beta - 1.2 + 0.3 * rng.standard_normal(50), 6)
    w = np.round(rng.uniform(0.1, 3.0, 50), 3)
    w[7] = 0.0  # a zero weight is allowed and removes the sample
    cases.append(_linear_case("sample_weight", X, y, _inputs(rng, 10, 5), sample_weight=w))

    rng = np.random.default_rng(1003)
    X = _inputs(rng, 50, 5) + 1.0  # not centred, so the missing intercept matters
    y = np.round(X @ beta + 2.0 + 0.1 * rng.standard_normal(50), 6)
    cases.append(_linear_case("no_intercept", X, y, _inputs(rng, 10, 5), fit_intercept=False))

    rng = np.random.default_rng(1004)
    X = _inputs(rng, 40, 4)
    B = np.round(rng.standard_normal((4, 3)), 2)
    Y = np.round(X @ B + np.array([0.5, -1.0, 2.0]) + 0.1 * rng.standard_normal((40, 3)), 6)
    cases.append(_linear_case("multi_target", X, Y, _inputs(rng, 8, 4)))

    rng = np.random.default_rng(1005)
    base = _inputs(rng, 30, 4)
    # Column 4 duplicates column 0; column 5 is column 1 + column 2: rank 4 of 6.
    X = np.column_stack([base, base[:, 0], base[:, 1] + base[:, 2]])
    y = np.round(base @ np.array([1.0, 2.0, -1.0, 0.5]) + 0.1 * rng.standard_normal(30), 6)
    X_test = _inputs(rng, 8, 4)
    X_test = np.column_stack([X_test, X_test[:, 0], X_test[:, 1] + X_test[:, 2]])
    cases.append(_linear_case("rank_deficient", X, y, X_test))

    rng = np.random.default_rng(1006)
    X = _inputs(rng, 30, 4)
    X[:, 2] = 0.1  # constant, and not exactly representable: its centred column is ~0
    y = np.round(X[:, [0, 1, 3]] @ np.array([2.0, -1.0, 0.5]) + 0.1 * rng.standard_normal(30), 6)
    X_test = _inputs(rng, 8, 4)
    cases.append(_linear_case("constant_column", X, y, X_test))

    rng = np.random.default_rng(1007)
    X = _inputs(rng, 8, 15)
    y = np.round(rng.standard_normal(8), 6)
    cases.append(_linear_case("p_greater_than_n", X, y, _inputs(rng, 5, 15)))

    rng = np.random.default_rng(1008)
    X = _inputs(rng, 1, 3)
    y = np.array([2.5])
    cases.append(_linear_case("single_sample", X, y, _inputs(rng, 4, 3)))

    rng = np.random.default_rng(1009)
    # Condition number 5e5 of the centred X: ill-conditioned, yet its smallest singular value
    # stays a factor 2 above the default cut-off tol · σ_max = 1e-6 · σ_max, so the rank decision
    # is not at the mercy of rounding.
    X = _ill_conditioned_design(rng, 40, 5, 5e5)
    y = X @ np.array([1.0, -0.5, 2.0, 0.25, -1.0]) + 0.3 + 1e-6 * rng.standard_normal(40)
    X_test = _ill_conditioned_design(rng, 6, 5, 10.0)
    case = _linear_case("ill_conditioned", X, y, X_test)
    case["condition_number"] = float(case["singular_"][0] / case["singular_"][-1])
    cases.append(case)
    return cases


# --------------------------------------------------------------------------------------------
# Ridge and RidgeCV
# --------------------------------------------------------------------------------------------


def _n_targets(y):
    return 1 if y.ndim == 1 else y.shape[1]


def _ridge_fit(est, X, y, X_test, sample_weight):
    est.fit(X, y, sample_weight=sample_weight)
    k = _n_targets(y)
    return {
        "coef_": np.asarray(est.coef_).reshape(k, X.shape[1]),
        "intercept_": np.atleast_1d(est.intercept_).astype(float),
        "predict": est.predict(X_test).reshape(X_test.shape[0], k),
    }


def _ridge_case(name, X, y, X_test, variants, sample_weight=None):
    """One problem and several fits of it: each variant is a dict of Ridge's parameters."""
    fits = []
    for params in variants:
        est = Ridge(**params)
        fit = _ridge_fit(est, X, y, X_test, sample_weight)
        alpha = est.alpha
        fit = {
            "params": {
                "alpha": np.atleast_1d(alpha).astype(float) if np.ndim(alpha) else float(alpha),
                "fit_intercept": est.fit_intercept,
                "solver": est.solver,
                "tol": est.tol,
            },
            "solver_": est.solver_,
            **fit,
        }
        if est.solver == "lsqr":
            # max_iter only matters to the iterative solvers; None is SciPy's default.
            fit["params"]["max_iter"] = est.max_iter
            fit["n_iter_"] = np.atleast_1d(est.n_iter_).astype(float)
        fits.append(fit)
    return {"name": name, "X": X, "y": y, "sample_weight": sample_weight, "X_test": X_test,
            "fits": fits}


def _ridge_cv_case(name, X, y, X_test, variants, sample_weight=None):
    """One problem and several RidgeCV fits of it."""
    fits = []
    for params in variants:
        est = RidgeCV(**params)
        fit = _ridge_fit(est, X, y, X_test, sample_weight)
        fit = {
            "params": {
                "alphas": np.atleast_1d(est.alphas).astype(float),
                "fit_intercept": est.fit_intercept,
                "gcv_mode": est.gcv_mode,
                "store_cv_results": est.store_cv_results,
                "alpha_per_target": est.alpha_per_target,
            },
            # One value, or one per target (alpha_per_target with several targets).
            "alpha_": np.atleast_1d(est.alpha_).astype(float),
            "best_score_": np.atleast_1d(est.best_score_).astype(float),
            **fit,
        }
        if est.store_cv_results:
            # Squared leave-one-out errors as (n_samples · n_targets) × n_alphas, row i · k + t.
            fit["cv_results_"] = np.asarray(est.cv_results_).reshape(X.shape[0] * _n_targets(y), -1)
        fits.append(fit)
    return {"name": name, "X": X, "y": y, "sample_weight": sample_weight, "X_test": X_test,
            "fits": fits}


def _collinear(rng, n):
    base = _inputs(rng, n, 4)
    # Column 4 duplicates column 0; column 5 is column 1 + column 2: rank 4 of 6.
    return np.column_stack([base, base[:, 0], base[:, 1] + base[:, 2]]), base


def ridge_cases():
    cases = []
    beta = np.array([1.5, -2.0, 0.0, 3.25, 0.5])
    direct = [{"solver": "cholesky"}, {"solver": "svd"}]
    cg = {"solver": "sparse_cg", "tol": 1e-12}
    # LSQR at scikit-learn's default tol stops early: the iterates themselves are compared.
    lsqr = {"solver": "lsqr"}
    lsqr_tight = {"solver": "lsqr", "tol": 1e-12}

    rng = np.random.default_rng(4001)
    X = _inputs(rng, 40, 5)
    y = np.round(X @ beta + 0.7 + 0.3 * rng.standard_normal(40), 6)
    X_test = _inputs(rng, 8, 5)
    cases.append(_ridge_case("well_conditioned", X, y, X_test, [
        {}, *direct, cg, lsqr, lsqr_tight, {"alpha": 0.0}, {"alpha": 1e4},
        {"alpha": 3.0, "solver": "svd"}, {"alpha": 0.0, **lsqr_tight},
        {"solver": "lsqr", "max_iter": 3}]))
    cases.append(_ridge_case("no_intercept", X + 1.0, y, X_test, [
        {"fit_intercept": False}, {"fit_intercept": False, "solver": "svd"},
        {"fit_intercept": False, **cg}, {"fit_intercept": False, **lsqr}]))

    rng = np.random.default_rng(4002)
    X = _inputs(rng, 40, 5)
    y = np.round(X @ beta - 1.2 + 0.3 * rng.standard_normal(40), 6)
    w = np.round(rng.uniform(0.1, 3.0, 40), 3)
    w[5] = 0.0  # a zero weight is allowed and removes the sample
    X_test = _inputs(rng, 8, 5)
    cases.append(_ridge_case("sample_weight", X, y, X_test, sample_weight=w, variants=[
        {"alpha": 2.5, **v} for v in (*direct, cg, lsqr, lsqr_tight)]))

    rng = np.random.default_rng(4003)
    X = _inputs(rng, 30, 4)
    B = np.round(rng.standard_normal((4, 3)), 2)
    Y = np.round(X @ B + np.array([0.5, -1.0, 2.0]) + 0.2 * rng.standard_normal((30, 3)), 6)
    w = np.round(rng.uniform(0.1, 3.0, 30), 3)
    X_test = _inputs(rng, 6, 4)
    per_target = np.array([0.1, 1.0, 10.0])
    cases.append(_ridge_case("multi_target", X, Y, X_test, [
        {"alpha": 0.7}, {"alpha": 0.7, "solver": "svd"},
        *({"alpha": per_target, **v} for v in (*direct, cg, lsqr))]))
    cases.append(_ridge_case("multi_target_weighted", X, Y, X_test, sample_weight=w, variants=[
        {"alpha": per_target, **v} for v in direct]))

    rng = np.random.default_rng(4004)
    X = _inputs(rng, 8, 15)
    y = np.round(rng.standard_normal(8), 6)
    w = np.round(rng.uniform(0.5, 2.0, 8), 3)
    X_test = _inputs(rng, 5, 15)
    cases.append(_ridge_case("p_greater_than_n", X, y, X_test, [*direct, cg, lsqr, lsqr_tight]))
    cases.append(_ridge_case("p_greater_than_n_weighted", X, y, X_test, sample_weight=w,
                             variants=[{"alpha": 0.3, **v} for v in (*direct, cg)]))
    Y = np.column_stack([y, np.round(rng.standard_normal(8), 6)])
    cases.append(_ridge_case("p_greater_than_n_per_target", X, Y, X_test, [
        {"alpha": np.array([0.05, 3.0]), **v} for v in direct]))

    rng = np.random.default_rng(4005)
    X, base = _collinear(rng, 30)
    y = np.round(base @ np.array([1.0, 2.0, -1.0, 0.5]) + 0.1 * rng.standard_normal(30), 6)
    X_test, _ = _collinear(rng, 6)
    # (alpha = 0 here is left out: scikit-learn's svd solver keeps singular values above an
    # absolute 1e-15, so the rounding noise of the exact zeros decides its answer.)
    cases.append(_ridge_case("collinear", X, y, X_test, [
        {"alpha": 0.5, **v} for v in (*direct, {"solver": "lsqr", "tol": 1e-12})]))

    rng = np.random.default_rng(4006)
    # Condition number 5e5 of the centred X; alpha = 1e-3 leaves the normal equations with a
    # condition number of about 1e5.
    X = _ill_conditioned_design(rng, 40, 5, 5e5)
    y = X @ np.array([1.0, -0.5, 2.0, 0.25, -1.0]) + 0.3 + 1e-3 * rng.standard_normal(40)
    X_test = _ill_conditioned_design(rng, 6, 5, 10.0)
    case = _ridge_case("ill_conditioned", X, y, X_test, [{"alpha": 1e-3, **v} for v in direct])
    s = np.linalg.svd(X - X.mean(axis=0), compute_uv=False)
    case["condition_number"] = float((s[0] ** 2 + 1e-3) / (s[-1] ** 2 + 1e-3))
    cases.append(case)
    return cases


def ridge_cv_cases():
    cases = []
    beta = np.array([1.5, -2.0, 0.0, 3.25, 0.5])
    alphas = np.round(np.geomspace(1e-3, 1e3, 13), 10)
    modes = [{"alphas": alphas, "gcv_mode": m} for m in (None, "svd")]

    rng = np.random.default_rng(5001)
    X = _inputs(rng, 30, 5)
    y = np.round(X @ beta + 0.7 + 1.5 * rng.standard_normal(30), 6)
    X_test = _inputs(rng, 6, 5)
    cases.append(_ridge_cv_case("long", X, y, X_test, [
        {**m, "store_cv_results": True} for m in modes] + [{}, {"alphas": 3.0}]))
    cases.append(_ridge_cv_case("no_intercept", X + 1.0, y, X_test, [
        {**m, "fit_intercept": False} for m in modes]))

    rng = np.random.default_rng(5002)
    X = _inputs(rng, 30, 5)
    y = np.round(X @ beta - 1.2 + 1.5 * rng.standard_normal(30), 6)
    w = np.round(rng.uniform(0.1, 3.0, 30), 3)
    X_test = _inputs(rng, 6, 5)
    cases.append(_ridge_cv_case("sample_weight", X, y, X_test, sample_weight=w, variants=[
        {"alphas": alphas, "gcv_mode": m} for m in ("eigen", "svd")]))

    rng = np.random.default_rng(5003)
    X = _inputs(rng, 10, 16)
    y = np.round(X[:, :5] @ beta + 0.5 * rng.standard_normal(10), 6)
    w = np.round(rng.uniform(0.5, 2.0, 10), 3)
    X_test = _inputs(rng, 4, 16)
    cases.append(_ridge_cv_case("wide", X, y, X_test, [
        {**m, "store_cv_results": True} for m in modes]))
    cases.append(_ridge_cv_case("wide_weighted", X, y, X_test, sample_weight=w, variants=modes))

    rng = np.random.default_rng(5004)
    X = _inputs(rng, 20, 4)
    B = np.round(rng.standard_normal((4, 3)), 2)
    Y = np.round(X @ B + np.array([0.5, -1.0, 2.0]) + rng.standard_normal((20, 3))
                 * np.array([0.1, 1.0, 3.0]), 6)
    X_test = _inputs(rng, 4, 4)
    cases.append(_ridge_cv_case("multi_target", X, Y, X_test, [
        *modes, *({**m, "alpha_per_target": True} for m in modes),
        {"alphas": alphas, "alpha_per_target": True, "store_cv_results": True}]))

    rng = np.random.default_rng(5005)
    X, base = _collinear(rng, 24)
    y = np.round(base @ np.array([1.0, 2.0, -1.0, 0.5]) + 0.5 * rng.standard_normal(24), 6)
    X_test, _ = _collinear(rng, 4)
    cases.append(_ridge_cv_case("collinear", X, y, X_test, modes))
    return cases

def _positive_fit(est, X, y, X_test, sample_weight):
    est.fit(X, y, sample_weight=sample_weight)
    k = _n_targets(y)
    return {
        "coef_": np.asarray(est.coef_).reshape(k, X.shape[1]),
        "intercept_": np.atleast_1d(est.intercept_).astype(float),
        "predict": est.predict(X_test).reshape(X_test.shape[0], k),
    }


def positive_cases():
    """LinearRegression(positive=True) (scipy's nnls) and Ridge(positive=True) (L-BFGS-B, run to
    a tight tolerance so that its minimiser is the exact one to about 1e-9)."""
    cases = []
    beta = np.array([1.5, -2.0, 0.0, 3.25, 0.5, -0.75])
    problems = []
    rng = np.random.default_rng(6001)
    X = _inputs(rng, 60, 6)
    y = np.round(X @ beta + 0.7 + 0.3 * rng.standard_normal(60), 6)
    problems.append(("mixed_signs", X, y, None, _inputs(rng, 8, 6)))
    rng = np.random.default_rng(6002)
    X = _inputs(rng, 60, 6)
    y = np.round(X @ beta - 1.2 + 0.3 * rng.standard_normal(60), 6)
    w = np.round(rng.uniform(0.1, 3.0, 60), 3)
    problems.append(("sample_weight", X, y, w, _inputs(rng, 8, 6)))
    rng = np.random.default_rng(6003)
    X = _inputs(rng, 50, 4)
    B = np.round(rng.standard_normal((4, 3)), 2)
    Y = np.round(X @ B + np.array([0.5, -1.0, 2.0]) + 0.1 * rng.standard_normal((50, 3)), 6)
    problems.append(("multi_target", X, Y, None, _inputs(rng, 8, 4)))
    rng = np.random.default_rng(6004)
    X, base = _collinear(rng, 40)
    y = np.round(base @ np.array([1.0, 2.0, -1.0, 0.5]) + 0.1 * rng.standard_normal(40), 6)
    problems.append(("collinear_ridge_only", X, y, None, _collinear(rng, 6)[0]))
    for name, X, y, w, X_test in problems:
        fits = []
        variants = [("LinearRegression", {}), ("LinearRegression", {"fit_intercept": False})]
        if name == "collinear_ridge_only":
            variants = []  # the non-negative least-squares minimiser is not unique there
        variants += [("Ridge", {"alpha": 0.5}), ("Ridge", {"alpha": 10.0}),
                     ("Ridge", {"alpha": 0.5, "fit_intercept": False})]
        for kind, params in variants:
            if kind == "LinearRegression":
                est = LinearRegression(positive=True, **params)
            else:
                est = Ridge(positive=True, tol=1e-12, max_iter=100000, **params)
            fit = _positive_fit(est, X, y, X_test, w)
            fits.append({"estimator": kind, "params": {"fit_intercept": est.fit_intercept,
                                                       **({"alpha": est.alpha} if kind == "Ridge"
                                                          else {})}, **fit})
        cases.append({"name": name, "X": X, "y": y, "sample_weight": w, "X_test": X_test,
                      "fits": fits})
    return cases


def ridge_classifier_cases():
    cases = []
    problems = []
    rng = np.random.default_rng(7001)
    X = _inputs(rng, 60, 4)
    y = (X @ np.array([1.0, -1.0, 0.5, 0.0]) + 0.3 * rng.standard_normal(60) > 0).astype(float)
    y = np.where(y > 0, 3.0, -2.0)  # labels that are not 0/1
    problems.append(("binary", X, y, None, _inputs(rng, 10, 4)))
    rng = np.random.default_rng(7002)
    X = _inputs(rng, 90, 5)
    scores = X @ np.round(rng.standard_normal((5, 3)), 2) + 0.5 * rng.standard_normal((90, 3))
    y = np.argmax(scores, axis=1).astype(float)
    y[:5] = 2.0  # unequal class sizes for 'balanced'
    w = np.round(rng.uniform(0.2, 2.0, 90), 3)
    problems.append(("three_classes", X, y, None, _inputs(rng, 10, 5)))
    problems.append(("three_classes_weighted", X, y, w, _inputs(rng, 10, 5)))
    rng = np.random.default_rng(7003)
    X = _inputs(rng, 12, 20)
    y = np.array([0, 1, 2, 3] * 3, dtype=float)
    problems.append(("wide_four_classes", X, y, None, _inputs(rng, 6, 20)))
    for name, X, y, w, X_test in problems:
        fits = []
        for params in ({}, {"alpha": 0.1, "solver": "svd"}, {"class_weight": "balanced"},
                       {"alpha": 3.0, "fit_intercept": False},
                       {"solver": "sparse_cg", "tol": 1e-12}):
            est = RidgeClassifier(**params).fit(X, y, sample_weight=w)
            fits.append({
                "params": {"alpha": est.alpha, "fit_intercept": est.fit_intercept,
                           "solver": est.solver, "class_weight": est.class_weight,
                           "tol": est.tol},
                "classes_": est.classes_.astype(float),
                # (n_classes or 1) × n_features; scikit-learn's binary coef_ is 1-D.
                "coef_": np.atleast_2d(est.coef_),
                "intercept_": np.atleast_1d(est.intercept_).astype(float),
                "decision_function": est.decision_function(X_test).reshape(X_test.shape[0], -1),
                "predict": est.predict(X_test).astype(float),
            })
        cases.append({"name": name, "X": X, "y": y, "sample_weight": w, "X_test": X_test,
                      "fits": fits})
    return cases

def bayesian_ridge_cases():
    cases = []
    problems = []
    beta = np.array([1.5, -2.0, 0.0, 3.25, 0.5])
    rng = np.random.default_rng(8001)
    X = _inputs(rng, 60, 5)
    y = np.round(X @ beta + 0.7 + 0.5 * rng.standard_normal(60), 6)
    problems.append(("long", X, y, None, _inputs(rng, 8, 5)))
    rng = np.random.default_rng(8002)
    X = _inputs(rng, 60, 5)
    y = np.round(X @ beta - 1.2 + 0.5 * rng.standard_normal(60), 6)
    w = np.round(rng.uniform(0.1, 3.0, 60), 3)
    problems.append(("sample_weight", X, y, w, _inputs(rng, 8, 5)))
    rng = np.random.default_rng(8003)
    X = _inputs(rng, 8, 12)
    y = np.round(X[:, :5] @ beta + 0.5 * rng.standard_normal(8), 6)
    problems.append(("wide", X, y, None, _inputs(rng, 5, 12)))
    rng = np.random.default_rng(8004)
    X, base = _collinear(rng, 40)
    y = np.round(base @ np.array([1.0, 2.0, -1.0, 0.5]) + 0.3 * rng.standard_normal(40), 6)
    problems.append(("collinear", X, y, None, _collinear(rng, 6)[0]))
    for name, X, y, w, X_test in problems:
        fits = []
        for params in ({"compute_score": True}, {"fit_intercept": False},
                       {"alpha_init": 2.0, "lambda_init": 0.5, "tol": 1e-8, "max_iter": 1000},
                       {"alpha_1": 1.0, "alpha_2": 0.5, "lambda_1": 0.1, "lambda_2": 2.0},
                       {"max_iter": 3}):
            est = BayesianRidge(**params).fit(X, y, sample_weight=w)
            fits.append({
                "params": {k: getattr(est, k) for k in (
                    "max_iter", "tol", "alpha_1", "alpha_2", "lambda_1", "lambda_2",
                    "alpha_init", "lambda_init", "compute_score", "fit_intercept")},
                "coef_": est.coef_, "intercept_": float(est.intercept_),
                "alpha_": float(est.alpha_), "lambda_": float(est.lambda_),
                "sigma_": est.sigma_, "n_iter_": est.n_iter_,
                "scores_": np.asarray(est.scores_) if est.compute_score else None,
                "predict": est.predict(X_test),
            })
        cases.append({"name": name, "X": X, "y": y, "sample_weight": w, "X_test": X_test,
                      "fits": fits})
    return cases

def _sgd_sensitivity(est, X, y, w):
    """Relative change of coef_ when X is perturbed at 1e-14: the settings are chosen so that
    the iteration does not amplify rounding (large early steps can make it chaotic)."""
    a = est.fit(X, y, sample_weight=w).coef_
    noise = np.random.default_rng(0).standard_normal(X.shape)
    b = sklearn.base.clone(est).fit(X * (1 + 1e-14 * noise), y, sample_weight=w).coef_
    return float(np.max(np.abs(a - b)) / np.max(np.abs(a)))


def sgd_cases():
    """SGD without shuffling: the order of the updates is the rows' order, so scikit-learn's
    iterates are reproducible up to rounding. tol=None runs exactly max_iter epochs. Every
    setting is checked not to amplify rounding beyond 1e-10."""
    classifier, regressor = [], []
    rng = np.random.default_rng(9001)
    X = _inputs(rng, 80, 4)
    y2 = np.where(X @ np.array([1.0, -1.0, 0.5, 0.0]) + 0.3 * rng.standard_normal(80) > 0,
                  1.0, 0.0)
    scores = X @ np.round(rng.standard_normal((4, 3)), 2) + 0.5 * rng.standard_normal((80, 3))
    y3 = np.argmax(scores, axis=1).astype(float)
    w = np.round(rng.uniform(0.2, 2.0, 80), 3)
    X_test = _inputs(rng, 10, 4)
    base = {"shuffle": False, "tol": None, "max_iter": 8}
    variants = [
        {}, {"loss": "log_loss", "alpha": 0.01}, {"loss": "modified_huber", "alpha": 0.1},
        {"loss": "squared_hinge", "penalty": "l1", "alpha": 0.1},
        {"loss": "perceptron", "penalty": None, "learning_rate": "constant", "eta0": 0.1},
        {"loss": "hinge", "penalty": "elasticnet", "l1_ratio": 0.5, "alpha": 1e-2},
        {"loss": "log_loss", "learning_rate": "invscaling", "eta0": 0.5, "power_t": 0.5},
        {"loss": "hinge", "average": True},
        {"loss": "log_loss", "average": 40, "learning_rate": "constant", "eta0": 0.05},
        {"class_weight": "balanced"},
        {"fit_intercept": False, "alpha": 1e-3},
        {"loss": "log_loss", "learning_rate": "adaptive", "eta0": 0.1, "tol": 1e-3,
         "n_iter_no_change": 2, "max_iter": 60},
        {"loss": "hinge", "tol": 1e-3, "max_iter": 200},
    ]
    for name, y, weights in (("binary", y2, None), ("three_classes", y3, None),
                             ("three_classes_weighted", y3, w)):
        fits = []
        for v in variants:
            params = {**base, **v}
            est = SGDClassifier(**params)
            assert _sgd_sensitivity(est, X, y, weights) < 1e-10, params
            est.fit(X, y, sample_weight=weights)
            out = {"params": params, "classes_": est.classes_.astype(float),
                   "coef_": est.coef_, "intercept_": est.intercept_.astype(float),
                   "n_iter_": int(est.n_iter_), "t_": float(est.t_),
                   "decision_function": est.decision_function(X_test).reshape(10, -1),
                   "predict": est.predict(X_test).astype(float)}
            if params.get("loss") in ("log_loss", "modified_huber"):
                out["predict_proba"] = est.predict_proba(X_test)
            fits.append(out)
        classifier.append({"name": name, "X": X, "y": y, "sample_weight": weights,
                           "X_test": X_test, "fits": fits})
    rng = np.random.default_rng(9002)
    X = _inputs(rng, 80, 4)
    y = np.round(X @ np.array([1.5, -2.0, 0.0, 0.5]) + 0.3 + 0.2 * rng.standard_normal(80), 6)
    w = np.round(rng.uniform(0.2, 2.0, 80), 3)
    X_test = _inputs(rng, 10, 4)
    variants = [
        {}, {"loss": "huber", "epsilon": 0.5, "learning_rate": "constant", "eta0": 0.01},
        {"loss": "epsilon_insensitive", "epsilon": 0.1, "penalty": "l1", "alpha": 1e-3},
        {"loss": "squared_epsilon_insensitive", "penalty": "elasticnet", "alpha": 1e-3},
        {"learning_rate": "optimal", "alpha": 0.1},
        {"average": True}, {"average": 100, "eta0": 0.02},
        {"learning_rate": "adaptive", "tol": 1e-4, "max_iter": 80},
        {"tol": 1e-3, "max_iter": 300},
        {"fit_intercept": False},
    ]
    for name, weights in (("plain", None), ("weighted", w)):
        fits = []
        for v in variants:
            params = {**base, **v}
            est = SGDRegressor(**params)
            assert _sgd_sensitivity(est, X, y, weights) < 1e-10, params
            est.fit(X, y, sample_weight=weights)
            fits.append({"params": params, "coef_": est.coef_,
                         "intercept_": est.intercept_.astype(float),
                         "n_iter_": int(est.n_iter_), "t_": float(est.t_),
                         "predict": est.predict(X_test)})
        regressor.append({"name": name, "X": X, "y": y, "sample_weight": weights,
                          "X_test": X_test, "fits": fits})
    # partial_fit: three passes over two halves.
    est = SGDClassifier(loss="log_loss", alpha=0.01, shuffle=False, random_state=0)
    Xc, yc = classifier[1]["X"], classifier[1]["y"]
    for _ in range(3):
        est.partial_fit(Xc[:40], yc[:40], classes=np.array([0.0, 1.0, 2.0]))
        est.partial_fit(Xc[40:], yc[40:])
    partial = {"coef_": est.coef_, "intercept_": est.intercept_.astype(float),
               "t_": float(est.t_)}
    return {"SGDClassifier": classifier, "SGDRegressor": regressor,
            "partial_fit_classifier": partial}

# --------------------------------------------------------------------------------------------
# StandardScaler
# --------------------------------------------------------------------------------------------


def _scaler_case(name, X, Z, sample_weight=None, **params):
    est = StandardScaler(**params).fit(X, sample_weight=sample_weight)
    p = X.shape[1]
    seen = np.broadcast_to(np.asarray(est.n_samples_seen_, dtype=float), (p,))
    return {
        "name": name,
        "params": {"with_mean": est.with_mean, "with_std": est.with_std},
        "X": X,
        "sample_weight": sample_weight,
        "Z": Z,
        "mean_": est.mean_,
        "var_": est.var_,
        "scale_": est.scale_,
        # scikit-learn keeps a scalar when every feature saw the same count; written per feature.
        "n_samples_seen_": seen,
        "transform": est.transform(X),
        "inverse_transform": est.inverse_transform(Z),
    }


def preprocessing_cases():
    cases = []

    def data(seed, n=15, p=4):
        rng = np.random.default_rng(seed)
        X = _inputs(rng, n, p) * np.array([1.0, 10.0, 0.1, 3.0])[:p] + np.arange(p)
        Z = _inputs(rng, 4, p)
        return rng, X, Z

    _, X, Z = data(2001)
    cases.append(_scaler_case("plain", X, Z))

    rng, X, Z = data(2002)
    w = np.round(rng.uniform(0.2, 4.0, X.shape[0]), 3)
    cases.append(_scaler_case("sample_weight", X, Z, sample_weight=w))

    _, X, Z = data(2003)
    X[[1, 4, 9], 0] = np.nan
    X[[2, 4], 2] = np.nan
    Z[1, 3] = np.nan
    cases.append(_scaler_case("nan_cells", X, Z))

    _, X, Z = data(2004)
    X[:, 1] = 0.1  # sum is inexact, so the centred values are ~1e-17, not 0
    cases.append(_scaler_case("constant_column", X, Z))

    rng, X, Z = data(2005)
    # 1e8 plus a few units in the last place (ulp(1e8) ≈ 1.5e-8): the variance is far below the
    # error bound of the two-pass algorithm, so scikit-learn treats the column as constant.
    X[:, 0] = 1e8 + rng.integers(-3, 4, X.shape[0]) * 2.0**-26
    # 1e8 plus noise of 1e-3: still scaled, but x - mean loses eight digits to cancellation.
    X[:, 3] = 1e8 + np.round(1e-3 * rng.standard_normal(X.shape[0]), 9)
    cases.append(_scaler_case("near_constant_column", X, Z))

    _, X, Z = data(2006)
    cases.append(_scaler_case("without_mean", X, Z, with_mean=False))

    _, X, Z = data(2007)
    cases.append(_scaler_case("without_std", X, Z, with_std=False))

    _, X, Z = data(2008)
    X[3, 1] = np.nan
    cases.append(_scaler_case("without_mean_and_std", X, Z, with_mean=False, with_std=False))

    _, X, Z = data(2009, n=1)
    cases.append(_scaler_case("one_sample", X, Z))
    return cases


# --------------------------------------------------------------------------------------------
# Metrics
# --------------------------------------------------------------------------------------------


def metrics_cases():
    euclid = []
    rng = np.random.default_rng(3001)
    X = _inputs(rng, 12, 6)
    Y = _inputs(rng, 9, 6) + 0.5
    for squared in (False, True):
        euclid.append(
            {
                "name": "squared" if squared else "plain",
                "squared": squared,
                "X": X,
                "Y": Y,
                "distances": euclidean_distances(X, Y, squared=squared),
            }
        )
    # Y=None: scikit-learn sets the diagonal to exactly 0 when X is Y.
    euclid.append(
        {
            "name": "x_with_itself",
            "squared": False,
            "X": X,
            "Y": None,
            "distances": euclidean_distances(X, squared=False),
        }
    )

    r2 = []
    rng = np.random.default_rng(3002)
    y = np.round(rng.standard_normal(20) * 2.0 + 1.0, 4)
    y_pred = np.round(y + 0.5 * rng.standard_normal(20), 4)
    w = np.round(rng.uniform(0.0, 2.0, 20), 3)
    r2.append({"name": "plain", "y_true": y, "y_pred": y_pred, "sample_weight": None})
    r2.append({"name": "sample_weight", "y_true": y, "y_pred": y_pred, "sample_weight": w})
    bad = np.round(-y + 0.3, 4)  # worse than predicting the mean: negative R²
    r2.append({"name": "negative", "y_true": y, "y_pred": bad, "sample_weight": None})
    const = np.full(6, 1.7)
    r2.append({"name": "constant_y_perfect", "y_true": const, "y_pred": const.copy(),
               "sample_weight": None})
    r2.append({"name": "constant_y_imperfect", "y_true": const, "y_pred": const + 0.25,
               "sample_weight": None})
    r2.append({"name": "constant_y_weighted", "y_true": const, "y_pred": const + 0.25,
               "sample_weight": np.array([1.0, 2.0, 0.5, 0.0, 1.0, 3.0])})
    for case in r2:
        case["score"] = r2_score(case["y_true"], case["y_pred"], sample_weight=case["sample_weight"])
    return {"euclidean_distances": euclid, "r2_score": r2}


# --------------------------------------------------------------------------------------------


BUILDERS = {
    "linear_models.json": lambda: {"LinearRegression": linear_model_cases()},
    "ridge.json": lambda: {"Ridge": ridge_cases()},
    "ridge_cv.json": lambda: {"RidgeCV": ridge_cv_cases()},
    "linear_positive.json": lambda: {"positive": positive_cases()},
    "ridge_classifier.json": lambda: {"RidgeClassifier": ridge_classifier_cases()},
    "bayesian_ridge.json": lambda: {"BayesianRidge": bayesian_ridge_cases()},
    "sgd.json": sgd_cases,
    "preprocessing.json": lambda: {"StandardScaler": preprocessing_cases()},
    "metrics.json": metrics_cases,
}


def build(filename):
    """The document for one reference file, without its "meta" block."""
    return to_json(BUILDERS[filename]())


def meta():
    return {
        "generator": "tests/reference/make_reference.py",
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "python": platform.python_version(),
    }


def dumps(value, indent=0):
    """JSON with one object key per line and each row of numbers on one line: readable diffs."""
    pad = " " * indent
    if isinstance(value, dict):
        items = [f'{pad} {json.dumps(k)}: {dumps(v, indent + 1).lstrip()}' for k, v in value.items()]
        return pad + "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value):
        items = [dumps(v, indent + 1) for v in value]
        return pad + "[\n" + ",\n".join(items) + "\n" + pad + "]"
    return pad + json.dumps(value, allow_nan=False)


def main():
    for filename in BUILDERS:
        doc = {"meta": meta(), **build(filename)}
        text = dumps(doc) + "\n"
        assert json.loads(text) == doc
        (HERE / filename).write_text(text)
        print(f"wrote {filename} ({len(text) / 1024:.1f} KiB)")


if __name__ == "__main__":
    main()
