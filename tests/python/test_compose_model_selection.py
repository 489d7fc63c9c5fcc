"""mlkit's own Pipeline, ColumnTransformer, FeatureUnion, cross-validation and searches,
compared live with scikit-learn's on the bundled diabetes data."""

import pickle

import joblib
import numpy as np
import pandas as pd
import pytest
import scipy.stats
import sklearn
from sklearn import compose, linear_model, pipeline, preprocessing
from sklearn import model_selection as skms
from sklearn.base import clone
from sklearn.datasets import load_diabetes
from sklearn.exceptions import NotFittedError

import mlkit
from mlkit import model_selection as ms


@pytest.fixture(scope="module")
def diabetes():
    return load_diabetes(return_X_y=True)


def ours_pipeline(**poly):
    return mlkit.Pipeline(
        [
            ("scale", mlkit.StandardScaler()),
            ("poly", mlkit.PolynomialFeatures(**poly)),
            ("model", mlkit.LinearRegression()),
        ]
    )


def ref_pipeline(**poly):
    return pipeline.Pipeline(
        [
            ("scale", preprocessing.StandardScaler()),
            ("poly", preprocessing.PolynomialFeatures(**poly)),
            ("model", linear_model.LinearRegression()),
        ]
    )


def test_pipeline_matches_sklearn(diabetes):
    X, y = diabetes
    ours = ours_pipeline().fit(X, y)
    ref = ref_pipeline().fit(X, y)
    np.testing.assert_allclose(ours.predict(X), ref.predict(X), rtol=1e-10)
    assert ours.score(X, y) == pytest.approx(ref.score(X, y), rel=1e-12)
    # The fitted steps, by name and by position, as scikit-learn's.
    np.testing.assert_allclose(ours.named_steps["scale"].mean_, ref.named_steps["scale"].mean_)
    np.testing.assert_allclose(
        ours[-1].coef_[1:], ref[-1].coef_[1:], rtol=1e-6
    )  # the bias column's weight is 0 up to rounding in either
    assert ours["poly"].n_output_features_ == ref["poly"].n_output_features_
    assert ours.n_features_in_ == 10
    assert sklearn.base.is_regressor(ours)
    # The step objects passed in are left unfitted (fit does not change parameters).
    assert not hasattr(ours.steps[-1][1], "coef_")


def test_pipeline_params_are_deep_and_clone(diabetes):
    X, y = diabetes
    pipe = ours_pipeline()
    params = pipe.get_params()
    assert params["poly__degree"] == 2 and params["scale"] is pipe.steps[0][1]
    pipe.set_params(poly__degree=3, scale__with_mean=False)
    assert pipe.named_steps["poly"].degree == 3
    pipe.set_params(scale="passthrough")
    cloned = clone(pipe)
    assert cloned.get_params()["poly__degree"] == 3
    assert cloned.steps[0][1] == "passthrough"
    ref = ref_pipeline(degree=3).set_params(scale="passthrough")
    np.testing.assert_allclose(cloned.fit(X, y).predict(X), ref.fit(X, y).predict(X), rtol=1e-8)


def test_make_pipeline_and_transformer_pipeline(diabetes):
    X, _ = diabetes
    pipe = mlkit.make_pipeline(mlkit.StandardScaler(), mlkit.MinMaxScaler())
    assert [n for n, _ in pipe.steps] == ["standardscaler", "minmaxscaler"]
    ref = pipeline.make_pipeline(preprocessing.StandardScaler(), preprocessing.MinMaxScaler())
    np.testing.assert_allclose(pipe.fit_transform(X), ref.fit_transform(X), rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose(pipe.inverse_transform(pipe.transform(X)), X, atol=1e-12)
    assert not hasattr(pipe, "predict")


def test_column_transformer_matches_sklearn(diabetes):
    X, _ = diabetes
    for remainder in ("drop", "passthrough"):
        ours = mlkit.ColumnTransformer(
            [
                ("std", mlkit.StandardScaler(), [0, 1]),
                ("minmax", mlkit.MinMaxScaler(), slice(2, 5)),
                ("raw", "passthrough", [9]),
            ],
            remainder=remainder,
        ).fit(X)
        ref = compose.ColumnTransformer(
            [
                ("std", preprocessing.StandardScaler(), [0, 1]),
                ("minmax", preprocessing.MinMaxScaler(), slice(2, 5)),
                ("raw", "passthrough", [9]),
            ],
            remainder=remainder,
        ).fit(X)
        np.testing.assert_allclose(ours.transform(X), ref.transform(X), rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose(ours.named_transformers_["std"].mean_, X[:, :2].mean(axis=0))
    assert ours.transformers_[-1] == ("remainder", "passthrough", [5, 6, 7, 8])


def test_column_transformer_by_name_on_a_dataframe(diabetes):
    X, _ = diabetes
    df = pd.DataFrame(X, columns=[f"c{i}" for i in range(10)])
    ours = mlkit.ColumnTransformer(
        [("std", mlkit.StandardScaler(), ["c0", "c3"]), ("poly", mlkit.PolynomialFeatures(), ["c5"])]
    ).fit(df)
    ref = compose.ColumnTransformer(
        [
            ("std", preprocessing.StandardScaler(), ["c0", "c3"]),
            ("poly", preprocessing.PolynomialFeatures(), ["c5"]),
        ]
    ).fit(df)
    np.testing.assert_allclose(ours.transform(df), ref.transform(df), rtol=1e-10, atol=1e-14)
    assert list(ours.feature_names_in_) == list(df.columns)
    with pytest.raises(ValueError):
        ours.transform(df[df.columns[::-1]])


def test_feature_union_matches_sklearn(diabetes):
    X, _ = diabetes
    ours = mlkit.FeatureUnion(
        [("std", mlkit.StandardScaler()), ("poly", mlkit.PolynomialFeatures()), ("raw", "passthrough")]
    ).fit(X)
    ref = pipeline.FeatureUnion(
        [
            ("std", preprocessing.StandardScaler()),
            ("poly", preprocessing.PolynomialFeatures()),
            ("raw", "passthrough"),
        ]
    ).fit(X)
    np.testing.assert_allclose(ours.transform(X), ref.transform(X), rtol=1e-10, atol=1e-14)
    assert ours.named_transformers["poly"].n_output_features_ == 66


def test_composites_nest(diabetes):
    X, y = diabetes
    ours = mlkit.Pipeline(
        [
            ("cols", mlkit.ColumnTransformer([("std", mlkit.StandardScaler(), [0, 2, 3])],
                                             remainder="passthrough")),
            ("union", mlkit.FeatureUnion([("poly", mlkit.PolynomialFeatures()),
                                          ("raw", "passthrough")])),
            ("model", mlkit.LinearRegression()),
        ]
    ).set_params(union__poly__degree=2, cols__std__with_std=False)
    ref = pipeline.Pipeline(
        [
            ("cols", compose.ColumnTransformer(
                [("std", preprocessing.StandardScaler(with_std=False), [0, 2, 3])],
                remainder="passthrough")),
            ("union", pipeline.FeatureUnion([("poly", preprocessing.PolynomialFeatures()),
                                             ("raw", "passthrough")])),
            ("model", linear_model.LinearRegression()),
        ]
    )
    np.testing.assert_allclose(ours.fit(X, y).predict(X), ref.fit(X, y).predict(X), rtol=1e-8)
    assert ours.named_steps["cols"].named_transformers_["std"].scale_ is None


@pytest.mark.parametrize("binary", [True, False])
def test_fitted_pipeline_persists(diabetes, tmp_path, binary):
    X, y = diabetes
    pipe = ours_pipeline().fit(X, y)
    expected = pipe.predict(X)
    again = pickle.loads(pickle.dumps(pipe))
    np.testing.assert_array_equal(again.predict(X), expected)
    assert again.named_steps["model"].coef_.shape == pipe.named_steps["model"].coef_.shape
    joblib.dump(pipe, tmp_path / "pipe.joblib")
    np.testing.assert_array_equal(joblib.load(tmp_path / "pipe.joblib").predict(X), expected)
    path = tmp_path / ("pipe.mlkb" if binary else "pipe.json")
    mlkit.save(pipe, path)
    loaded = mlkit.load(path)
    assert isinstance(loaded, mlkit.Pipeline)
    assert loaded.get_params()["poly__degree"] == 2
    np.testing.assert_array_equal(loaded.predict(X), expected)
    np.testing.assert_array_equal(loaded.named_steps["scale"].mean_, pipe.named_steps["scale"].mean_)


def test_column_transformer_and_union_persist(diabetes, tmp_path):
    X, _ = diabetes
    ct = mlkit.ColumnTransformer(
        [("std", mlkit.StandardScaler(), [0, 1]),
         ("union", mlkit.FeatureUnion([("a", mlkit.MaxAbsScaler()), ("b", "passthrough")]), [4])],
        remainder="passthrough",
    ).fit(X)
    mlkit.save(ct, tmp_path / "ct.json")
    loaded = mlkit.load(tmp_path / "ct.json")
    assert isinstance(loaded, mlkit.ColumnTransformer)
    assert isinstance(loaded.transformers[1][1], mlkit.FeatureUnion)
    np.testing.assert_array_equal(loaded.transform(X), ct.transform(X))
    np.testing.assert_array_equal(pickle.loads(pickle.dumps(ct)).transform(X), ct.transform(X))


def test_composite_errors(diabetes):
    X, y = diabetes
    with pytest.raises(TypeError, match="sklearn.pipeline.Pipeline"):
        mlkit.Pipeline(
            [("scale", preprocessing.StandardScaler()), ("model", mlkit.LinearRegression())]
        ).fit(X, y)
    with pytest.raises(TypeError, match="sklearn.compose.ColumnTransformer"):
        mlkit.ColumnTransformer([("a", preprocessing.StandardScaler(), [0])]).fit(X)
    with pytest.raises(TypeError, match="sklearn.pipeline.FeatureUnion"):
        mlkit.FeatureUnion([("a", preprocessing.StandardScaler())]).fit(X)
    with pytest.raises(ValueError, match="bogus"):
        ours_pipeline().set_params(model__bogus=1)
    with pytest.raises(ValueError, match="bogus"):
        ours_pipeline().set_params(bogus__degree=1)
    with pytest.raises(NotFittedError):
        ours_pipeline().predict(X)
    with pytest.raises(NotFittedError):
        mlkit.FeatureUnion([("a", mlkit.StandardScaler())]).transform(X)
    with pytest.raises(ValueError):  # an invalid step parameter, reported by the native check
        ours_pipeline(degree=-1).fit(X, y)
    with pytest.raises(ValueError):  # duplicate names
        mlkit.FeatureUnion([("a", mlkit.StandardScaler()), ("a", mlkit.MinMaxScaler())]).fit(X)
    with pytest.raises(ValueError):  # the wrong number of features after fit
        ours_pipeline().fit(X, y).predict(X[:, :5])


SCORERS = ["r2", "neg_mean_squared_error", "neg_mean_absolute_error", "explained_variance"]


def test_cross_validate_matches_sklearn(diabetes):
    X, y = diabetes
    ours = ms.cross_validate(
        ours_pipeline(), X, y, cv=ms.KFold(5), scoring=SCORERS, return_train_score=True
    )
    ref = skms.cross_validate(
        ref_pipeline(), X, y, cv=skms.KFold(5), scoring=SCORERS, return_train_score=True
    )
    assert set(ours) == set(ref)
    for key in ref:
        assert ours[key].shape == (5,), key
        if key.startswith(("test_", "train_")):
            np.testing.assert_allclose(ours[key], ref[key], rtol=1e-8, err_msg=key)
    assert np.all(ours["fit_time"] >= 0)


@pytest.mark.parametrize(
    "cv",
    [5, skms.KFold(4, shuffle=True, random_state=3), skms.ShuffleSplit(3, random_state=0)],
    ids=["int", "sklearn-kfold", "sklearn-shuffle"],
)
def test_cross_val_score_takes_sklearn_splitters(diabetes, cv):
    X, y = diabetes
    ours = ms.cross_val_score(mlkit.LinearRegression(), X, y, cv=cv, scoring="r2", n_jobs=2)
    ref = skms.cross_val_score(linear_model.LinearRegression(), X, y, cv=cv, scoring="r2")
    np.testing.assert_allclose(ours, ref, rtol=1e-10)
    default = ms.cross_val_score(mlkit.LinearRegression(), X, y, cv=cv)  # the estimator's score
    np.testing.assert_allclose(default, ref, rtol=1e-10)


def test_cross_val_predict_matches_sklearn(diabetes):
    X, y = diabetes
    ours = ms.cross_val_predict(ours_pipeline(), X, y, cv=5)
    ref = skms.cross_val_predict(ref_pipeline(), X, y, cv=5)
    np.testing.assert_allclose(ours, ref, rtol=1e-8)
    scaled = ms.cross_val_predict(mlkit.StandardScaler(), X, cv=3, method="transform")
    assert scaled.shape == X.shape


def test_native_splitters_match_sklearn(diabetes):
    X, y = diabetes
    groups = np.arange(len(y)) % 17
    labels = (y > np.median(y)).astype(int)
    for ours, ref, yy, gg in [
        (ms.KFold(5), skms.KFold(5), None, None),
        (ms.StratifiedKFold(4), skms.StratifiedKFold(4), labels, None),
        (ms.GroupKFold(3), skms.GroupKFold(3), None, groups),
        (ms.TimeSeriesSplit(4, gap=2), skms.TimeSeriesSplit(4, gap=2), None, None),
    ]:
        got = list(ours.split(X, yy, gg))
        want = list(ref.split(X, yy, gg))
        assert ours.get_n_splits() == len(want)
        for (a, b), (c, d) in zip(got, want):
            np.testing.assert_array_equal(a, c)
            np.testing.assert_array_equal(b, d)
    shuffled = list(ms.RepeatedKFold(n_splits=3, n_repeats=2, random_state=1).split(X))
    assert len(shuffled) == 6 and all(len(tr) + len(te) == len(y) for tr, te in shuffled)
    assert repr(ms.KFold(3)) == "KFold(n_splits=3, shuffle=False, random_state=None)"


GRID = {"poly__degree": [1, 2, 3], "poly__include_bias": [True, False],
        "model__fit_intercept": [True, False]}


def assert_ranks_agree_up_to_ties(ours, ref, key):
    """Candidates whose mean scores agree to rounding may be ranked either way (in either
    library); elsewhere the ranks agree."""
    means = ref[key.replace("rank_", "mean_")]
    close = np.isclose(means[:, None], means[None, :], rtol=1e-9, atol=0)
    lo = 1 + np.sum(~close & (means[None, :] > means[:, None]), axis=1)
    hi = np.sum(close | (means[None, :] > means[:, None]), axis=1)
    assert np.all(ours[key] >= lo) and np.all(ours[key] <= hi), (ours[key], ref[key])


def test_grid_search_matches_sklearn(diabetes):
    X, y = diabetes
    ours = ms.GridSearchCV(ours_pipeline(), GRID, cv=ms.KFold(5), return_train_score=True)
    ref = skms.GridSearchCV(ref_pipeline(), GRID, cv=skms.KFold(5), return_train_score=True)
    ours.fit(X, y)
    ref.fit(X, y)
    assert list(ours.cv_results_) == list(ref.cv_results_)
    assert ours.cv_results_["params"] == ref.cv_results_["params"]
    for key, want in ref.cv_results_.items():
        got = ours.cv_results_[key]
        if key.startswith("param_"):
            assert isinstance(got, np.ma.MaskedArray) and got.dtype == want.dtype, key
            np.testing.assert_array_equal(got, want)
        elif "test" in key or "train" in key:
            if key.startswith("rank_"):
                assert got.dtype == want.dtype
                assert_ranks_agree_up_to_ties(ours.cv_results_, ref.cv_results_, key)
            else:
                np.testing.assert_allclose(got, want, rtol=1e-8, atol=1e-12, err_msg=key)
    assert ours.best_score_ == pytest.approx(ref.best_score_, rel=1e-10)
    assert ours.cv_results_["mean_test_score"][ours.best_index_] == pytest.approx(ref.best_score_)
    assert ours.best_params_["poly__degree"] == ref.best_params_["poly__degree"]
    assert isinstance(ours.best_estimator_, mlkit.Pipeline)
    assert ours.best_estimator_.get_params()["poly__degree"] == ours.best_params_["poly__degree"]
    np.testing.assert_allclose(ours.predict(X), ref.predict(X), rtol=1e-8)
    assert ours.score(X, y) == pytest.approx(ref.score(X, y), rel=1e-10)
    assert ours.n_splits_ == 5 and ours.refit_time_ >= 0


def test_grid_search_several_scorers(diabetes):
    X, y = diabetes
    grid = {"fit_intercept": [True, False]}
    scoring = {"r2": "r2", "mse": "neg_mean_squared_error"}
    ours = ms.GridSearchCV(mlkit.LinearRegression(), grid, scoring=scoring, refit="mse", cv=4)
    ref = skms.GridSearchCV(linear_model.LinearRegression(), grid, scoring=scoring, refit="mse",
                            cv=4)
    ours.fit(X, y)
    ref.fit(X, y)
    assert list(ours.cv_results_) == list(ref.cv_results_)
    for key in ("mean_test_r2", "std_test_mse", "split3_test_mse"):
        np.testing.assert_allclose(ours.cv_results_[key], ref.cv_results_[key], rtol=1e-10)
    assert ours.best_params_ == ref.best_params_
    assert ours.score(X, y) == pytest.approx(ref.score(X, y), rel=1e-10)


def test_randomized_search(diabetes):
    X, y = diabetes
    dists = {"poly__degree": scipy.stats.randint(1, 4), "poly__include_bias": [True, False],
             "model__tol": scipy.stats.loguniform(1e-9, 1e-5)}
    search = ms.RandomizedSearchCV(ours_pipeline(), dists, n_iter=6, random_state=0, cv=3)
    search.fit(X, y)
    params = search.cv_results_["params"]
    assert len(params) == 6
    assert all(p["poly__degree"] in (1, 2, 3) and 1e-9 <= p["model__tol"] <= 1e-5 for p in params)
    again = ms.RandomizedSearchCV(ours_pipeline(), dists, n_iter=6, random_state=0, cv=3).fit(X, y)
    assert again.cv_results_["params"] == params
    # Each candidate's scores are those scikit-learn gets for the same parameters.
    ref = skms.GridSearchCV(ref_pipeline(), [{k: [v] for k, v in p.items()} for p in params],
                            cv=skms.KFold(3)).fit(X, y)
    np.testing.assert_allclose(search.cv_results_["mean_test_score"],
                               ref.cv_results_["mean_test_score"], rtol=1e-8)
    with pytest.raises(TypeError, match="scipy.stats"):
        ms.RandomizedSearchCV(mlkit.LinearRegression(), {"tol": scipy.stats.norm()}).fit(X, y)


def test_halving_grid_search(diabetes):
    X, y = diabetes
    grid = {"poly__degree": [1, 2, 3], "model__fit_intercept": [True, False]}
    search = ms.HalvingGridSearchCV(ours_pipeline(), grid, factor=2, random_state=0).fit(X, y)
    assert list(search.cv_results_)[:2] == ["iter", "n_resources"]
    assert search.n_candidates_[0] == 6 and search.n_resources_[-1] <= len(y)
    assert isinstance(search.best_estimator_, mlkit.Pipeline)
    assert search.predict(X).shape == y.shape


def test_search_best_estimator_persists(diabetes):
    X, y = diabetes
    search = ms.GridSearchCV(ours_pipeline(), {"poly__degree": [1, 2]}, cv=3).fit(X, y)
    best = pickle.loads(pickle.dumps(search.best_estimator_))
    np.testing.assert_array_equal(best.predict(X), search.predict(X))
    np.testing.assert_array_equal(pickle.loads(pickle.dumps(search)).predict(X), search.predict(X))


def test_model_selection_errors(diabetes):
    X, y = diabetes
    with pytest.raises(ValueError, match="bogus"):
        ms.GridSearchCV(ours_pipeline(), {"model__bogus": [1, 2]}).fit(X, y)
    with pytest.raises(TypeError, match="sklearn.model_selection"):
        ms.cross_validate(linear_model.LinearRegression(), X, y)
    with pytest.raises(TypeError, match="sklearn.model_selection"):
        ms.GridSearchCV(ours_pipeline(), {"model": [mlkit.LinearRegression()]}).fit(X, y)
    with pytest.raises(TypeError, match="scorer names"):
        ms.cross_validate(mlkit.LinearRegression(), X, y, scoring=lambda est, X, y: 0.0)
    with pytest.raises(ValueError):
        ms.cross_validate(mlkit.LinearRegression(), X, y, scoring="no_such_scorer")
    search = ms.GridSearchCV(mlkit.LinearRegression(), {"fit_intercept": [True]})
    with pytest.raises(NotFittedError):
        search.predict(X)
