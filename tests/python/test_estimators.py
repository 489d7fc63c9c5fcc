"""The Python layer: generated classes, parity with scikit-learn, persistence, threads, errors."""

import inspect
import pickle
import threading
import time

import joblib
import numpy as np
import pytest
import sklearn
from sklearn.datasets import load_diabetes, make_regression
from sklearn.exceptions import NotFittedError
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.pipeline import make_pipeline

import mlkit


@pytest.fixture(scope="module")
def diabetes():
    return load_diabetes(return_X_y=True)


def test_classes_are_generated_from_the_registry():
    assert {"linear_regression", "standard_scaler"} <= set(mlkit.estimators())
    sig = inspect.signature(mlkit.LinearRegression.__init__)
    assert list(sig.parameters)[1:] == ["fit_intercept", "copy_X", "tol", "n_jobs", "positive"]
    assert sig.parameters["tol"].default == 1e-6
    assert all(p.kind is p.KEYWORD_ONLY for p in list(sig.parameters.values())[1:])
    assert "fit_intercept" in mlkit.LinearRegression.__doc__
    assert isinstance(mlkit.LinearRegression(), sklearn.base.RegressorMixin)
    assert isinstance(mlkit.StandardScaler(), sklearn.base.TransformerMixin)
    assert not hasattr(mlkit.StandardScaler(), "predict")
    assert not hasattr(mlkit.LinearRegression(), "transform")


@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("weighted", [False, True])
def test_linear_regression_matches_sklearn(diabetes, fit_intercept, weighted):
    X, y = diabetes
    w = np.random.default_rng(0).uniform(0.5, 2.0, len(y)) if weighted else None
    ours = mlkit.LinearRegression(fit_intercept=fit_intercept).fit(X, y, sample_weight=w)
    ref = sklearn.linear_model.LinearRegression(fit_intercept=fit_intercept).fit(
        X, y, sample_weight=w
    )
    np.testing.assert_allclose(ours.coef_, ref.coef_, rtol=1e-10)
    np.testing.assert_allclose(ours.intercept_, ref.intercept_, rtol=1e-10, atol=1e-12)
    assert ours.rank_ == ref.rank_
    np.testing.assert_allclose(ours.singular_, ref.singular_, rtol=1e-10)
    np.testing.assert_allclose(ours.predict(X), ref.predict(X), rtol=1e-10)
    assert ours.score(X, y) == pytest.approx(ref.score(X, y), rel=1e-12)


def test_linear_regression_several_targets():
    X, Y = make_regression(n_samples=80, n_features=6, n_targets=3, noise=0.5, random_state=1)
    ours = mlkit.LinearRegression().fit(X, Y)
    ref = sklearn.linear_model.LinearRegression().fit(X, Y)
    assert ours.coef_.shape == (3, 6)
    np.testing.assert_allclose(ours.coef_, ref.coef_, rtol=1e-10)
    np.testing.assert_allclose(ours.predict(X), ref.predict(X), rtol=1e-10)


@pytest.mark.parametrize(
    "params", [{}, {"with_mean": False}, {"with_std": False}, {"with_mean": False, "with_std": False}]
)
def test_standard_scaler_matches_sklearn(diabetes, params):
    X = diabetes[0] * 10 + 3
    X[::7, 2] = np.nan
    ours = mlkit.StandardScaler(**params).fit(X)
    ref = sklearn.preprocessing.StandardScaler(**params).fit(X)
    for attr in ("mean_", "var_", "scale_"):
        a, b = getattr(ours, attr), getattr(ref, attr)
        assert (a is None) == (b is None), attr
        if a is not None:
            np.testing.assert_allclose(a, b, rtol=1e-10)
    np.testing.assert_array_equal(ours.n_samples_seen_, ref.n_samples_seen_)
    np.testing.assert_allclose(ours.transform(X), ref.transform(X), rtol=1e-10, equal_nan=True)
    Z = ours.transform(X)
    np.testing.assert_allclose(ours.inverse_transform(Z), X, rtol=1e-12, equal_nan=True)


def test_standard_scaler_statistics_equal_sklearn_bit_for_bit():
    # Sums over the rows in order, as NumPy's along axis 0: the same floating-point results,
    # on data large enough to be split among threads, with NaN in some rows only.
    rng = np.random.default_rng(3)
    X = rng.standard_normal((20_000, 37)) * 7 + 2
    X[rng.integers(0, 20_000, 50), rng.integers(0, 37, 50)] = np.nan
    ours = mlkit.StandardScaler().fit(X)
    ref = sklearn.preprocessing.StandardScaler().fit(X)
    for attr in ("mean_", "var_", "scale_", "n_samples_seen_"):
        np.testing.assert_array_equal(getattr(ours, attr), getattr(ref, attr), err_msg=attr)


def test_inside_sklearn_pipeline_search_and_cv(diabetes):
    X, y = diabetes
    pipe = make_pipeline(mlkit.StandardScaler(), mlkit.LinearRegression())
    ref = make_pipeline(
        sklearn.preprocessing.StandardScaler(), sklearn.linear_model.LinearRegression()
    )
    np.testing.assert_allclose(
        cross_val_score(pipe, X, y, cv=5), cross_val_score(ref, X, y, cv=5), rtol=1e-10
    )
    grid = {"linearregression__fit_intercept": [True, False]}
    ours = GridSearchCV(pipe, grid, cv=3).fit(X, y)
    theirs = GridSearchCV(ref, grid, cv=3).fit(X, y)
    assert ours.best_params_ == theirs.best_params_
    np.testing.assert_allclose(
        ours.cv_results_["mean_test_score"], theirs.cv_results_["mean_test_score"], rtol=1e-10
    )


def test_input_conversions(diabetes):
    X, y = diabetes
    ref = mlkit.LinearRegression().fit(X, y).predict(X)
    model = mlkit.LinearRegression().fit(X, y)
    np.testing.assert_allclose(model.predict(np.asfortranarray(X)), ref, rtol=1e-13)
    np.testing.assert_allclose(model.predict(X[:, :].astype(np.float32)), ref, rtol=1e-5)
    strided = np.repeat(X, 2, axis=0)[::2]
    np.testing.assert_allclose(model.predict(strided), ref, rtol=1e-13)
    ro = X.copy()
    ro.setflags(write=False)
    np.testing.assert_allclose(model.predict(ro), ref, rtol=1e-13)
    np.testing.assert_allclose(model.predict(X.tolist()), ref, rtol=1e-13)


def test_dataframes_keep_feature_names(diabetes):
    pd = pytest.importorskip("pandas")
    X, y = diabetes
    df = pd.DataFrame(X, columns=[f"f{i}" for i in range(X.shape[1])])
    model = mlkit.LinearRegression().fit(df, y)
    assert list(model.feature_names_in_) == list(df.columns)
    with pytest.warns(UserWarning, match="does not have valid feature names"):
        from_array = model.predict(X)
    np.testing.assert_allclose(model.predict(df), from_array, rtol=1e-13)
    with pytest.raises(ValueError, match="feature names"):
        model.predict(df[df.columns[::-1]])


def test_errors_are_mapped(diabetes):
    X, y = diabetes
    with pytest.raises(NotFittedError):
        mlkit.LinearRegression().predict(X)
    with pytest.raises(ValueError, match="'tol' parameter of LinearRegression must be"):
        mlkit.LinearRegression(tol=-1.0).fit(X, y)
    with pytest.raises(ValueError, match="'fit_intercept' parameter"):
        mlkit.LinearRegression(fit_intercept="yes").fit(X, y)
    model = mlkit.LinearRegression().fit(X, y)
    with pytest.raises(ValueError, match="X has 3 features, but LinearRegression is expecting 10"):
        model.predict(np.zeros((2, 3)))
    bad = X.copy()
    bad[0, 0] = np.inf
    with pytest.raises(ValueError, match="infinity"):
        model.predict(bad)
    with pytest.raises(OSError):
        mlkit.load("/nonexistent/model.json")


def test_pickle_joblib_and_model_files(diabetes, tmp_path):
    X, y = diabetes
    model = mlkit.LinearRegression().fit(X, y)
    expected = model.predict(X)
    blob = pickle.dumps(model)
    assert b"mlkit-model" in blob or b"MLKB" in blob  # the model format, not raw memory
    np.testing.assert_array_equal(pickle.loads(blob).predict(X), expected)
    joblib.dump(model, tmp_path / "m.joblib")
    np.testing.assert_array_equal(joblib.load(tmp_path / "m.joblib").predict(X), expected)
    for name in ("m.json", "m.mlkb"):
        mlkit.save(model, tmp_path / name)
        loaded = mlkit.load(tmp_path / name)
        assert type(loaded) is mlkit.LinearRegression
        assert loaded.get_params() == model.get_params()
        np.testing.assert_array_equal(loaded.predict(X), expected)
        np.testing.assert_array_equal(loaded.coef_, model.coef_)
    (tmp_path / "bad.json").write_text('{"format": "mlkit-model", "format_version": 99}')
    with pytest.raises(ValueError, match="format_version"):
        mlkit.load(tmp_path / "bad.json")


def test_eight_threads_predict_the_serial_result():
    X, y = make_regression(n_samples=20000, n_features=50, random_state=0)
    model = mlkit.LinearRegression().fit(X, y)
    serial = model.predict(X)
    results = [None] * 8

    def work(i):
        for _ in range(20):
            results[i] = model.predict(X)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for r in results:
        np.testing.assert_array_equal(r, serial)


def test_gil_is_released_during_fit():
    # While one thread fits a large problem, another keeps running Python code: without the GIL
    # released, the other thread would stall for the whole native fit.
    X, y = make_regression(n_samples=400000, n_features=60, random_state=0)
    X = np.ascontiguousarray(X)
    ticks = []
    done = threading.Event()

    def fit():
        mlkit.LinearRegression().fit(X, y)
        done.set()

    start = time.perf_counter()
    t = threading.Thread(target=fit)
    t.start()
    while not done.is_set():
        ticks.append(time.perf_counter())
        done.wait(0.001)
    t.join()
    duration = time.perf_counter() - start
    gaps = np.diff([start] + ticks)
    assert duration > 0.05, "the fit is too quick for this test to tell anything"
    assert gaps.max() < 0.5 * duration


@pytest.mark.parametrize("value,expected", [("1", 1), ("3", 3), ("0", None), ("abc", None)])
def test_mlkit_num_threads_sets_the_process_default(value, expected):
    # Read once when a process first asks; invalid values fall back to every core.
    import os
    import subprocess
    import sys

    env = dict(os.environ, MLKIT_NUM_THREADS=value)
    code = "import mlkit; print(mlkit.get_num_threads())"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    got = int(out.stdout)
    assert got == (expected if expected is not None else len(os.sched_getaffinity(0)))


def test_a_numpy_array_is_accepted_where_a_list_is():
    import numpy as np
    from sklearn.preprocessing import MinMaxScaler

    X = np.random.default_rng(0).normal(size=(30, 3))
    ours = mlkit.MinMaxScaler(feature_range=np.array([0.0, 2.0])).fit(X).transform(X)
    theirs = MinMaxScaler(feature_range=(0.0, 2.0)).fit(X).transform(X)
    np.testing.assert_allclose(ours, theirs, rtol=1e-12)
    with pytest.raises(ValueError, match="feature_range"):
        mlkit.MinMaxScaler(feature_range=np.zeros((2, 2))).fit(X)
