"""LogisticRegression from Python: live parity with scikit-learn, labels of any type, warnings,
pickling and use inside scikit-learn's tools."""

import pickle
import warnings

import numpy as np
import pytest
from sklearn.datasets import load_iris, make_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression as SkLogisticRegression
from sklearn.model_selection import cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

import mlkit


def _close(a, b, rtol=1e-6):
    a, b = np.asarray(a), np.asarray(b)
    assert a.shape == b.shape
    np.testing.assert_allclose(a, b, rtol=rtol, atol=rtol * max(1.0, np.abs(b).max()))


@pytest.mark.parametrize("n_classes", [2, 3, 5])
@pytest.mark.parametrize("params", [{}, {"C": 0.1, "fit_intercept": False},
                                    {"class_weight": "balanced"}, {"C": np.inf}])
def test_matches_sklearn(n_classes, params):
    X, y = make_classification(300, 6, n_informative=4, n_classes=n_classes, flip_y=0.2,
                               random_state=n_classes)
    w = np.random.default_rng(0).uniform(0.2, 2.0, len(y))
    ours = mlkit.LogisticRegression(tol=1e-10, max_iter=10000, **params).fit(X, y, w)
    ref = SkLogisticRegression(tol=1e-10, max_iter=10000, **params).fit(X, y, w)
    assert ours.coef_.shape == ref.coef_.shape and ours.intercept_.shape == ref.intercept_.shape
    _close(ours.coef_, ref.coef_)
    _close(ours.intercept_, ref.intercept_)
    _close(ours.predict_proba(X), ref.predict_proba(X))
    _close(ours.decision_function(X), ref.decision_function(X))
    np.testing.assert_array_equal(ours.predict(X), ref.predict(X))
    _close(ours.predict_log_proba(X), ref.predict_log_proba(X))
    assert ours.n_iter_.shape == (1,)


def test_string_labels_and_classes():
    X, y = load_iris(return_X_y=True)
    names = np.array(["setosa", "versicolor", "virginica"])[y]
    est = mlkit.LogisticRegression(max_iter=1000).fit(X, names)
    np.testing.assert_array_equal(est.classes_, ["setosa", "versicolor", "virginica"])
    assert set(est.predict(X)) <= set(names)
    assert (est.predict(X) == names).mean() > 0.9
    # Pickling goes through the model format and keeps the labels.
    again = pickle.loads(pickle.dumps(est))
    np.testing.assert_array_equal(again.predict(X), est.predict(X))
    np.testing.assert_array_equal(again.classes_, est.classes_)


def test_convergence_warning():
    X, y = load_iris(return_X_y=True)
    with pytest.warns(ConvergenceWarning, match="lbfgs failed to converge after 3 iteration"):
        mlkit.LogisticRegression(max_iter=3).fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        mlkit.LogisticRegression(max_iter=1000).fit(X, y)


def test_in_sklearn_tools():
    X, y = make_classification(400, 8, random_state=1)
    pipe = make_pipeline(StandardScaler(), mlkit.LogisticRegression())
    ref = make_pipeline(StandardScaler(), SkLogisticRegression())
    ours = cross_val_score(pipe, X, y, cv=3)
    theirs = cross_val_score(ref, X, y, cv=3)
    np.testing.assert_allclose(ours, theirs, atol=0.01)


def test_errors():
    X = np.random.default_rng(0).standard_normal((20, 3))
    with pytest.raises(ValueError, match="only one class"):
        mlkit.LogisticRegression().fit(X, np.zeros(20))
    with pytest.raises(ValueError, match="supports only 'l2' or None penalties"):
        mlkit.LogisticRegression(l1_ratio=1.0).fit(X, np.arange(20) % 2)


@pytest.mark.parametrize("n_classes", [2, 3])
@pytest.mark.parametrize("l1_ratio", [1.0, 0.5])
def test_saga_matches_sklearn(n_classes, l1_ratio):
    # scikit-learn's SAGA at a tight tol against mlkit's proximal Newton: the same minimiser.
    X, y = make_classification(200, 8, n_informative=3, n_classes=n_classes, flip_y=0.1,
                               random_state=7)
    X = StandardScaler().fit_transform(X)
    w = np.random.default_rng(1).uniform(0.5, 1.5, len(y))
    params = {"solver": "saga", "l1_ratio": l1_ratio, "C": 0.2}
    ours = mlkit.LogisticRegression(tol=1e-12, max_iter=1000, **params).fit(X, y, w)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        ref = SkLogisticRegression(tol=1e-12, max_iter=100000, random_state=0, **params).fit(
            X, y, w)
    _close(ours.coef_, ref.coef_)
    _close(ours.intercept_, ref.intercept_)
    np.testing.assert_array_equal(ours.coef_ == 0, ref.coef_ == 0)
    _close(ours.predict_proba(X), ref.predict_proba(X))


def test_logistic_regression_cv_matches_sklearn():
    from sklearn.linear_model import LogisticRegressionCV as SkCV

    X, y = load_iris(return_X_y=True)
    names = np.array(["setosa", "versicolor", "virginica"])[y]
    # Cs up to 10: larger C nearly separates setosa, where L-BFGS at tol 1e-10 leaves the
    # held-out log-loss uncertain in its 6th digit.
    params = {"Cs": [0.01, 0.1, 1.0, 10.0], "cv": 4, "scoring": "neg_log_loss", "tol": 1e-10,
              "max_iter": 10000,
              "use_legacy_attributes": False}
    ours = mlkit.LogisticRegressionCV(**params).fit(X, names)
    ref = SkCV(**params).fit(X, names)
    assert ours.C_ == pytest.approx(ref.C_)
    np.testing.assert_array_equal(ours.classes_, ref.classes_)
    assert ours.scores_.shape == ref.scores_.shape
    assert ours.coefs_paths_.shape == ref.coefs_paths_.shape
    _close(ours.scores_, ref.scores_, rtol=1e-5)
    # At the chosen C = 10 both L-BFGS fits stop by their ftol rule about 1e-5 from the optimum
    # (mlkit's saga solver reaches it; the tight comparisons are the C++ reference tests).
    _close(ours.coef_, ref.coef_, rtol=1e-4)
    _close(ours.predict_proba(X), ref.predict_proba(X), rtol=1e-4)
    np.testing.assert_array_equal(ours.predict(X), ref.predict(X))


def test_poisson_and_gamma_regressors_match_sklearn():
    from sklearn.linear_model import GammaRegressor, PoissonRegressor

    rng = np.random.default_rng(3)
    X = rng.standard_normal((300, 4))
    mu = np.exp(X @ np.array([0.3, -0.2, 0.1, 0.0]) + 0.5)
    for ours_cls, ref_cls, y in [(mlkit.PoissonRegressor, PoissonRegressor, rng.poisson(mu)),
                                 (mlkit.GammaRegressor, GammaRegressor, rng.gamma(2.0, mu / 2))]:
        ours = ours_cls(alpha=0.1, tol=1e-10, max_iter=1000).fit(X, y)
        ref = ref_cls(alpha=0.1, tol=1e-10, max_iter=1000).fit(X, y)
        _close(ours.coef_, ref.coef_)
        _close(ours.intercept_, ref.intercept_)
        assert ours.__sklearn_tags__().target_tags.positive_only
        with pytest.raises(ValueError):
            ours_cls().fit(X, -np.ones(300))
