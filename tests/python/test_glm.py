"""TweedieRegressor from Python, live against scikit-learn."""

import numpy as np
import pytest
from sklearn.linear_model import TweedieRegressor as SkTweedie

import mlkit


@pytest.mark.parametrize("params", [{}, {"alpha": 0.0}, {"power": 1.0, "alpha": 0.1},
                                    {"power": 1.5, "alpha": 0.01}, {"power": 2.0},
                                    {"power": 1.5, "link": "log", "fit_intercept": False}])
def test_tweedie_matches_sklearn(params):
    rng = np.random.default_rng(3)
    X = rng.standard_normal((300, 5))
    mu = np.exp(X @ np.array([0.2, -0.1, 0.3, 0.0, 0.1]) + 0.4)
    y = rng.gamma(2.0, mu / 2.0) * (rng.uniform(size=300) > 0.2)
    if params.get("power", 0) >= 2:
        y = y + 0.1
    w = rng.uniform(0.5, 2.0, 300)
    ours = mlkit.TweedieRegressor(tol=1e-10, max_iter=10000, **params).fit(X, y, w)
    ref = SkTweedie(tol=1e-10, max_iter=10000, **params).fit(X, y, w)
    scale = max(1.0, np.abs(ref.coef_).max())
    np.testing.assert_allclose(ours.coef_, ref.coef_, rtol=1e-6, atol=1e-6 * scale)
    np.testing.assert_allclose(ours.intercept_, ref.intercept_, rtol=1e-6, atol=1e-6 * scale)
    np.testing.assert_allclose(ours.predict(X), ref.predict(X), rtol=1e-6)
    assert isinstance(ours.n_iter_, int)


def test_tweedie_rejects_targets_out_of_range():
    X = np.random.default_rng(0).standard_normal((20, 2))
    y = np.linspace(-1, 1, 20)
    with pytest.raises(ValueError, match="out of the valid range"):
        mlkit.TweedieRegressor(power=1.5).fit(X, y)


def test_huber_matches_sklearn():
    from sklearn.linear_model import HuberRegressor as SkHuber

    rng = np.random.default_rng(4)
    X = rng.standard_normal((200, 4))
    y = X @ np.array([1.0, -1.0, 0.5, 2.0]) + 0.3 * rng.standard_normal(200)
    y[:15] += 30.0
    ours = mlkit.HuberRegressor().fit(X, y)
    ref = SkHuber().fit(X, y)
    # Both stop by SciPy's default ftol, which bounds the agreement (see test_huber_regressor.cpp).
    np.testing.assert_allclose(ours.coef_, ref.coef_, rtol=2e-5, atol=2e-5)
    np.testing.assert_allclose(ours.intercept_, ref.intercept_, rtol=2e-5, atol=2e-5)
    np.testing.assert_allclose(ours.scale_, ref.scale_, rtol=2e-5)
    np.testing.assert_array_equal(ours.outliers_.astype(bool), ref.outliers_)
