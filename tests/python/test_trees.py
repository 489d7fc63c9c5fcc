"""Decision trees and forests from Python, checked live against scikit-learn."""

import pickle

import numpy as np
import pytest
import sklearn.ensemble
import sklearn.tree
from sklearn.datasets import load_breast_cancer, load_diabetes, load_iris
from sklearn.model_selection import train_test_split

import mlkit


def _tie_free_data(seed=8, n=240, p=5):
    rng = np.random.default_rng(seed)
    X = np.round(rng.standard_normal((n, p)), 6)
    score = X[:, 0] + 0.8 * X[:, 1] ** 2 - X[:, 2] + 0.3 * rng.standard_normal(n)
    y = np.digitize(score, [-0.3, 0.9])
    return X, y


def test_tree_matches_sklearn_with_string_labels():
    X, y = _tie_free_data()
    labels = np.array(["low", "mid", "high"])[y]
    ours = mlkit.DecisionTreeClassifier(max_depth=3, random_state=0).fit(X, labels)
    ref = sklearn.tree.DecisionTreeClassifier(max_depth=3, random_state=0).fit(X, labels)
    assert list(ours.classes_) == list(ref.classes_)
    X_test = np.round(np.random.default_rng(1).standard_normal((100, 5)), 6)
    assert np.array_equal(ours.predict(X_test), ref.predict(X_test))
    np.testing.assert_allclose(ours.predict_proba(X_test), ref.predict_proba(X_test), rtol=1e-12)
    np.testing.assert_allclose(ours.feature_importances_, ref.feature_importances_, rtol=1e-10)
    assert ours.n_classes_ == 3 and ours.max_features_ == 5


def test_regression_tree_matches_sklearn():
    X, _ = _tie_free_data()
    y = 2 * X[:, 0] - X[:, 1] * X[:, 2]
    w = np.random.default_rng(3).integers(1, 4, len(y)).astype(float)
    ours = mlkit.DecisionTreeRegressor(min_samples_leaf=5, random_state=0).fit(X, y, w)
    ref = sklearn.tree.DecisionTreeRegressor(min_samples_leaf=5, random_state=0).fit(X, y, w)
    np.testing.assert_allclose(ours.predict(X), ref.predict(X), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("kind", ["RandomForestClassifier", "ExtraTreesClassifier"])
def test_forest_classifier_close_to_sklearn(kind):
    X, y = load_breast_cancer(return_X_y=True)
    scores = {}
    for lib in (mlkit, sklearn.ensemble):
        s = []
        for seed in range(3):
            Xtr, Xte, ytr, yte = train_test_split(X, y, random_state=seed)
            s.append(getattr(lib, kind)(random_state=seed).fit(Xtr, ytr).score(Xte, yte))
        scores[lib.__name__] = np.mean(s)
    assert abs(scores["mlkit"] - scores["sklearn.ensemble"]) < 0.02


def test_forest_attributes_pickle_and_threads():
    X, y = load_iris(return_X_y=True)
    rf = mlkit.RandomForestClassifier(n_estimators=30, oob_score=True, random_state=0,
                                      n_jobs=2).fit(X, y)
    assert 0.85 < rf.oob_score_ <= 1.0
    assert rf.oob_decision_function_.shape == (150, 3)
    assert rf.feature_importances_.shape == (4,)
    assert not hasattr(rf, "trees")  # the native trees stay native
    again = pickle.loads(pickle.dumps(rf))
    assert np.array_equal(again.predict_proba(X), rf.predict_proba(X))
    one = mlkit.RandomForestClassifier(n_estimators=30, oob_score=True, random_state=0,
                                       n_jobs=1).fit(X, y)
    assert np.array_equal(one.predict_proba(X), rf.predict_proba(X))


def test_forest_regressor_close_to_sklearn():
    X, y = load_diabetes(return_X_y=True)
    Xtr, Xte, ytr, yte = train_test_split(X, y, random_state=0)
    ours = np.mean([mlkit.RandomForestRegressor(random_state=s).fit(Xtr, ytr).score(Xte, yte)
                    for s in range(3)])
    ref = np.mean([sklearn.ensemble.RandomForestRegressor(random_state=s).fit(Xtr, ytr)
                   .score(Xte, yte) for s in range(3)])
    assert abs(ours - ref) < 0.03


def test_poisson_tree_and_forest_match_sklearn():
    rng = np.random.default_rng(4)
    X = np.round(rng.standard_normal((300, 4)), 6)
    y = np.exp(0.5 * X[:, 0] - 0.3 * X[:, 1] + 0.2 * rng.standard_normal(300))
    y[X[:, 2] < -1.5] = 0.0
    ours = mlkit.DecisionTreeRegressor(criterion="poisson", max_leaf_nodes=10).fit(X, y)
    ref = sklearn.tree.DecisionTreeRegressor(criterion="poisson", max_leaf_nodes=10,
                                             random_state=0).fit(X, y)
    X_test = rng.standard_normal((100, 4))
    np.testing.assert_allclose(ours.predict(X_test), ref.predict(X_test), rtol=1e-12)
    forest = mlkit.RandomForestRegressor(criterion="poisson", random_state=0).fit(X, y)
    peer = sklearn.ensemble.RandomForestRegressor(criterion="poisson", random_state=0).fit(X, y)
    assert abs(forest.score(X_test, np.exp(0.5 * X_test[:, 0] - 0.3 * X_test[:, 1]))
               - peer.score(X_test, np.exp(0.5 * X_test[:, 0] - 0.3 * X_test[:, 1]))) < 0.05
    with pytest.raises(ValueError, match="negative"):
        mlkit.DecisionTreeRegressor(criterion="poisson").fit(X, -y)


def test_absolute_error_tree_and_forests_match_sklearn():
    rng = np.random.default_rng(6)
    X = np.round(rng.standard_normal((300, 4)), 6)
    y = X[:, 0] - np.abs(X[:, 1]) + 0.5 * rng.standard_t(2, 300)  # heavy tails
    w = rng.integers(1, 4, 300).astype(float)
    X_test = rng.standard_normal((200, 4))
    for params in ({"max_depth": 3}, {"max_leaf_nodes": 12}):
        ours = mlkit.DecisionTreeRegressor(criterion="absolute_error", **params).fit(
            X, y, sample_weight=w)
        ref = sklearn.tree.DecisionTreeRegressor(criterion="absolute_error", random_state=0,
                                                 **params).fit(X, y, sample_weight=w)
        assert ours.get_n_leaves() == ref.get_n_leaves()
        np.testing.assert_array_equal(ours.apply(X_test), ref.apply(X_test))
        np.testing.assert_allclose(ours.predict(X_test), ref.predict(X_test), rtol=1e-12)
        np.testing.assert_allclose(ours.feature_importances_, ref.feature_importances_,
                                   rtol=1e-9)
    # NaN goes to the better side, as for the other criteria.
    Xm = X.copy()
    Xm[rng.random(300) < 0.2, 0] = np.nan
    ours = mlkit.DecisionTreeRegressor(criterion="absolute_error", max_depth=2).fit(Xm, y)
    ref = sklearn.tree.DecisionTreeRegressor(criterion="absolute_error", max_depth=2,
                                             random_state=0).fit(Xm, y)
    np.testing.assert_array_equal(ours.apply(Xm), ref.apply(Xm))
    np.testing.assert_allclose(ours.predict(Xm), ref.predict(Xm), rtol=1e-12)
    truth = X_test[:, 0] - np.abs(X_test[:, 1])
    for name in ("RandomForestRegressor", "ExtraTreesRegressor"):
        forest = getattr(mlkit, name)(criterion="absolute_error", n_estimators=30,
                                      random_state=0).fit(X, y)
        peer = getattr(sklearn.ensemble, name)(criterion="absolute_error", n_estimators=30,
                                               random_state=0).fit(X, y)
        assert abs(forest.score(X_test, truth) - peer.score(X_test, truth)) < 0.05


def test_tree_apply_decision_path_export_text_pruning_path_match_sklearn():
    X, y = _tie_free_data()
    labels = np.array(["low", "mid", "high"])[y]
    ours = mlkit.DecisionTreeClassifier(max_depth=3).fit(X, labels)
    ref = sklearn.tree.DecisionTreeClassifier(max_depth=3, random_state=0).fit(X, labels)
    X_test = np.round(np.random.default_rng(2).standard_normal((80, 5)), 6)
    assert np.array_equal(ours.apply(X_test), ref.apply(X_test))
    path = ours.decision_path(X_test)
    assert path.shape == ref.decision_path(X_test).shape
    assert (path != ref.decision_path(X_test)).nnz == 0
    assert ours.get_depth() == ref.get_depth() and ours.get_n_leaves() == ref.get_n_leaves()
    names = ["a", "b", "c", "d", "e"]
    assert mlkit.export_text(ours, feature_names=names) == sklearn.tree.export_text(
        ref, feature_names=names)
    assert mlkit.export_text(ours, max_depth=1, decimals=4) == sklearn.tree.export_text(
        ref, max_depth=1, decimals=4)

    target = 2 * X[:, 0] - X[:, 1] * X[:, 2]
    w = np.random.default_rng(3).integers(1, 4, len(target)).astype(float)
    reg = mlkit.DecisionTreeRegressor(min_samples_leaf=5).fit(X, target)
    peer = sklearn.tree.DecisionTreeRegressor(min_samples_leaf=5, random_state=0).fit(X, target)
    assert mlkit.export_text(reg) == sklearn.tree.export_text(peer)
    ours_path = mlkit.DecisionTreeRegressor(min_samples_leaf=5).cost_complexity_pruning_path(
        X, target, sample_weight=w)
    ref_path = sklearn.tree.DecisionTreeRegressor(
        min_samples_leaf=5, random_state=0).cost_complexity_pruning_path(X, target, sample_weight=w)
    np.testing.assert_allclose(ours_path.ccp_alphas, ref_path.ccp_alphas, rtol=1e-9, atol=1e-15)
    np.testing.assert_allclose(ours_path.impurities, ref_path.impurities, rtol=1e-9)
    cls_path = mlkit.DecisionTreeClassifier(max_depth=3).cost_complexity_pruning_path(X, labels)
    ref_cls = sklearn.tree.DecisionTreeClassifier(
        max_depth=3, random_state=0).cost_complexity_pruning_path(X, labels)
    np.testing.assert_allclose(cls_path.ccp_alphas, ref_cls.ccp_alphas, rtol=1e-9, atol=1e-15)

    forest = mlkit.RandomForestClassifier(n_estimators=9, random_state=0).fit(X, labels)
    leaves = forest.apply(X_test)
    assert leaves.shape == (80, 9) and leaves.min() >= 0
    with pytest.raises(Exception, match="not fitted"):
        mlkit.DecisionTreeClassifier().apply(X)
