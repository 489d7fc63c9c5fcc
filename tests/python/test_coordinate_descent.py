"""Lasso, ElasticNet, their CV forms, the multi-task models and the path functions, live against
scikit-learn through the generated classes."""

import numpy as np
import pytest
import sklearn.linear_model as sk
from sklearn.datasets import load_diabetes

import mlkit

TIGHT = dict(tol=1e-12, max_iter=100000)


@pytest.fixture(scope="module")
def diabetes():
    X, y = load_diabetes(return_X_y=True)
    return X, y


@pytest.mark.parametrize("name, params", [
    ("Lasso", dict(alpha=0.05)),
    ("Lasso", dict(alpha=0.02, precompute=True, positive=True)),
    ("ElasticNet", dict(alpha=0.01, l1_ratio=0.3)),
    ("ElasticNet", dict(alpha=0.01, l1_ratio=0.7, fit_intercept=False, selection="random",
                        random_state=0)),
])
@pytest.mark.parametrize("weighted", [False, True])
def test_lasso_elastic_net_match_sklearn(diabetes, name, params, weighted):
    X, y = diabetes
    sw = np.random.default_rng(0).uniform(0.2, 2.0, len(y)) if weighted else None
    ours = getattr(mlkit, name)(**params, **TIGHT).fit(X, y, sample_weight=sw)
    ref = getattr(sk, name)(**params, **TIGHT).fit(X, y, sample_weight=sw)
    np.testing.assert_allclose(ours.coef_, ref.coef_, rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(ours.intercept_, ref.intercept_, rtol=1e-6)
    np.testing.assert_allclose(ours.predict(X), ref.predict(X), rtol=1e-6)
    assert np.ndim(ours.coef_) == 1 and np.ndim(ours.dual_gap_) == 0
    assert ours.dual_gap_ <= 1e-12 * np.sum(y**2) * (sw.max() * len(y) / sw.sum() if weighted
                                                      else 1.0)


@pytest.mark.parametrize("name, params", [
    ("LassoCV", dict(alphas=30, cv=4)),
    ("LassoCV", dict(alphas=[1.0, 0.1, 0.01, 0.5])),
    ("ElasticNetCV", dict(l1_ratio=[0.2, 0.9], alphas=20, cv=3)),
])
def test_cv_attributes_come_through(diabetes, name, params):
    X, y = diabetes
    ours = getattr(mlkit, name)(**params, **TIGHT).fit(X, y)
    ref = getattr(sk, name)(**params, **TIGHT).fit(X, y)
    assert ours.mse_path_.shape == ref.mse_path_.shape
    assert np.shape(ours.alphas_) == np.shape(ref.alphas_)
    np.testing.assert_allclose(ours.alphas_, ref.alphas_, rtol=1e-12)
    np.testing.assert_allclose(ours.mse_path_, ref.mse_path_, rtol=1e-6)
    assert ours.alpha_ == pytest.approx(ref.alpha_, rel=1e-12)
    np.testing.assert_allclose(ours.coef_, ref.coef_, rtol=1e-6, atol=1e-8)
    if name == "ElasticNetCV":
        assert ours.l1_ratio_ == ref.l1_ratio_


def test_multi_task_lasso_matches_sklearn(diabetes):
    X, y = diabetes
    Y = np.column_stack([y, 0.5 * y + X[:, 0] * 100, -y])
    for name, params in (("MultiTaskLasso", dict(alpha=0.5)),
                         ("MultiTaskElasticNet", dict(alpha=0.05, l1_ratio=0.6))):
        ours = getattr(mlkit, name)(**params, **TIGHT).fit(X, Y)
        ref = getattr(sk, name)(**params, **TIGHT).fit(X, Y)
        np.testing.assert_allclose(ours.coef_, ref.coef_, rtol=1e-6, atol=1e-8)
        np.testing.assert_allclose(ours.predict(X), ref.predict(X), rtol=1e-6)


@pytest.mark.parametrize("fn, kwargs", [
    ("lasso_path", dict(alphas=30, eps=1e-2)),
    ("lasso_path", dict(alphas=[0.5, 0.05, 0.2], precompute=False)),
    ("enet_path", dict(l1_ratio=0.4, alphas=25, positive=True)),
])
def test_path_functions_match_sklearn(diabetes, fn, kwargs):
    X, y = diabetes
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    a, coefs, gaps = getattr(mlkit, fn)(Xc, yc, **kwargs, **TIGHT)
    ra, rcoefs, _ = getattr(sk, fn)(Xc, yc, **kwargs, **TIGHT)
    np.testing.assert_allclose(a, ra, rtol=1e-13)
    np.testing.assert_allclose(coefs, rcoefs, rtol=1e-6, atol=1e-8)
    assert coefs.shape == (X.shape[1], len(a)) and gaps.shape == a.shape
