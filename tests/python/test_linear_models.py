"""Linear models through the Python layer, compared live with scikit-learn: the classifiers
with string labels, positive least squares, Bayesian ridge, and SGD (partial_fit, predict_proba
where the loss allows it)."""

import numpy as np
import pytest
import sklearn.linear_model as sk
from sklearn.datasets import load_diabetes, load_iris, make_classification

import mlkit


@pytest.fixture(scope="module")
def iris():
    X, y = load_iris(return_X_y=True)
    return X, np.array(["setosa", "versicolor", "virginica"])[y]


@pytest.mark.parametrize("params", [{}, {"class_weight": "balanced", "alpha": 0.3},
                                    {"solver": "svd", "fit_intercept": False}])
def test_ridge_classifier_matches_sklearn_with_string_labels(iris, params):
    X, y = iris
    ours = mlkit.RidgeClassifier(**params).fit(X, y)
    ref = sk.RidgeClassifier(**params).fit(X, y)
    assert list(ours.classes_) == list(ref.classes_)
    np.testing.assert_allclose(ours.coef_, ref.coef_, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(ours.decision_function(X), ref.decision_function(X), rtol=1e-9,
                               atol=1e-11)
    assert (ours.predict(X) == ref.predict(X)).all()
    assert ours.score(X, y) == pytest.approx(ref.score(X, y))
    assert not hasattr(ours, "predict_proba")


def test_ridge_classifier_binary_shapes():
    X, y = make_classification(n_samples=120, n_features=6, random_state=0)
    ours = mlkit.RidgeClassifier().fit(X, y)
    ref = sk.RidgeClassifier().fit(X, y)
    assert ours.coef_.shape == ref.coef_.shape
    assert ours.decision_function(X).shape == (120,)
    np.testing.assert_allclose(ours.decision_function(X), ref.decision_function(X), rtol=1e-9)


@pytest.mark.parametrize("estimator", ["LinearRegression", "Ridge"])
def test_positive_matches_sklearn(estimator):
    X, y = load_diabetes(return_X_y=True)
    w = np.random.default_rng(3).uniform(0.5, 2.0, len(y))
    extra = {"alpha": 0.01} if estimator == "Ridge" else {}
    ours = getattr(mlkit, estimator)(positive=True, **extra).fit(X, y, sample_weight=w)
    tight = {"tol": 1e-12, "max_iter": 100000} if estimator == "Ridge" else {}
    ref = getattr(sk, estimator)(positive=True, **extra, **tight).fit(X, y, sample_weight=w)
    assert (ours.coef_ >= 0).all() and (ours.coef_ == 0).sum() >= 2
    np.testing.assert_allclose(ours.coef_, ref.coef_, rtol=1e-6, atol=1e-6 * abs(ref.coef_).max())
    np.testing.assert_allclose(ours.predict(X), ref.predict(X), rtol=1e-7)


def test_bayesian_ridge_matches_sklearn():
    X, y = load_diabetes(return_X_y=True)
    ours = mlkit.BayesianRidge(compute_score=True).fit(X, y)
    ref = sk.BayesianRidge(compute_score=True).fit(X, y)
    for name in ("coef_", "intercept_", "alpha_", "lambda_", "sigma_", "scores_"):
        np.testing.assert_allclose(getattr(ours, name), getattr(ref, name), rtol=1e-8,
                                   err_msg=name)
    assert ours.n_iter_ == ref.n_iter_


@pytest.mark.parametrize("loss", ["hinge", "log_loss", "modified_huber"])
def test_sgd_classifier_matches_sklearn_without_shuffling(iris, loss):
    X, y = iris
    params = {"loss": loss, "shuffle": False, "tol": None, "max_iter": 10, "alpha": 1e-3}
    ours = mlkit.SGDClassifier(**params).fit(X, y)
    ref = sk.SGDClassifier(**params).fit(X, y)
    np.testing.assert_allclose(ours.coef_, ref.coef_, rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(ours.intercept_, ref.intercept_, rtol=1e-8, atol=1e-10)
    assert (ours.predict(X) == ref.predict(X)).all()
    assert hasattr(ours, "predict_proba") == hasattr(ref, "predict_proba")
    if hasattr(ref, "predict_proba"):
        np.testing.assert_allclose(ours.predict_proba(X), ref.predict_proba(X), rtol=1e-8,
                                   atol=1e-10)


def test_sgd_classifier_shuffled_quality_and_partial_fit(iris):
    X, y = iris
    ours = mlkit.SGDClassifier(random_state=0, alpha=1e-3).fit(X, y)
    ref = sk.SGDClassifier(random_state=0, alpha=1e-3).fit(X, y)
    assert ours.score(X, y) > ref.score(X, y) - 0.1
    online = mlkit.SGDClassifier(loss="log_loss", random_state=0)
    peer = sk.SGDClassifier(loss="log_loss", random_state=0)
    with pytest.raises(ValueError, match="classes must be passed"):
        online.partial_fit(X[:50], y[:50])
    for _ in range(20):
        online.partial_fit(X, y, classes=np.unique(y))
        peer.partial_fit(X, y, classes=np.unique(y))
    assert list(online.classes_) == ["setosa", "versicolor", "virginica"]
    # Shuffled with different generators: comparable quality, not equal iterates.
    assert online.score(X, y) > peer.score(X, y) - 0.1
    with pytest.raises(ValueError, match="not in classes"):
        online.partial_fit(X[:2], np.array(["setosa", "other"]))


def test_sgd_regressor_partial_fit_continues():
    X, y = load_diabetes(return_X_y=True)
    a = mlkit.SGDRegressor(shuffle=False, tol=None, max_iter=3, eta0=0.1).fit(X, y)
    b = mlkit.SGDRegressor(shuffle=False, eta0=0.1)
    for _ in range(3):
        b.partial_fit(X, y)
    np.testing.assert_allclose(b.coef_, a.coef_, rtol=1e-12)
    ref = sk.SGDRegressor(shuffle=False, eta0=0.1)
    for _ in range(3):
        ref.partial_fit(X, y)
    np.testing.assert_allclose(b.coef_, ref.coef_, rtol=1e-8)
    assert b.t_ == ref.t_
