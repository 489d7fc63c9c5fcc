"""QuantileRegressor from Python, live against scikit-learn."""

import warnings

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import QuantileRegressor as SkQuantile

import mlkit


def _pinball_objective(est, X, y, w):
    r = y - X @ est.coef_ - est.intercept_
    loss = np.where(r >= 0, est.quantile * r, (est.quantile - 1) * r)
    return np.sum(w * loss) + est.alpha * w.sum() * np.abs(est.coef_).sum()


@pytest.mark.parametrize("params", [{}, {"quantile": 0.1, "alpha": 0.0},
                                    {"quantile": 0.9, "alpha": 0.01},
                                    {"quantile": 0.3, "alpha": 0.0, "fit_intercept": False},
                                    {"solver": "highs-ipm", "alpha": 0.02},
                                    {"solver": "highs-ds", "quantile": 0.75, "alpha": 0.0}])
def test_quantile_matches_sklearn(params):
    rng = np.random.default_rng(5)
    X = rng.standard_normal((151, 4))
    y = X @ np.array([1.0, -1.0, 0.5, 2.0]) + 0.5 + rng.standard_t(2.0, 151)
    w = rng.uniform(0.5, 2.0, 151)
    ours = mlkit.QuantileRegressor(**params).fit(X, y, w)
    ref = SkQuantile(**params).fit(X, y, sample_weight=w)
    # A unique optimum here (continuous data in general position): the same vertex.
    scale = max(1.0, np.abs(ref.coef_).max())
    np.testing.assert_allclose(ours.coef_, ref.coef_, rtol=1e-6, atol=1e-9 * scale)
    np.testing.assert_allclose(ours.intercept_, ref.intercept_, rtol=1e-6, atol=1e-9 * scale)
    np.testing.assert_allclose(ours.predict(X), ref.predict(X), rtol=1e-6, atol=1e-9 * scale)
    np.testing.assert_allclose(_pinball_objective(ours, X, y, w),
                               _pinball_objective(ref, X, y, w), rtol=1e-8)
    assert isinstance(ours.n_iter_, int) and ours.n_iter_ > 0
    assert isinstance(ours.intercept_, float)


def test_quantile_errors():
    X = np.random.default_rng(0).standard_normal((20, 2))
    y = X[:, 0]
    with pytest.raises(ValueError, match="'quantile' parameter of QuantileRegressor"):
        mlkit.QuantileRegressor(quantile=1.0).fit(X, y)
    with pytest.raises(ValueError, match="'alpha' parameter"):
        mlkit.QuantileRegressor(alpha=-0.1).fit(X, y)
    with pytest.raises(ValueError, match="'solver' parameter"):
        mlkit.QuantileRegressor(solver="simplex").fit(X, y)
    with pytest.raises(ValueError, match="interior-point is not anymore available"):
        mlkit.QuantileRegressor(solver="interior-point").fit(X, y)
    with pytest.raises(ValueError):
        mlkit.QuantileRegressor().fit(np.where(X > 1, np.nan, X), y)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        mlkit.QuantileRegressor().fit(X, y)
