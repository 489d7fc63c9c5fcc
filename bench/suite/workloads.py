"""The workload registry: every benchmark workload, with its data, its contenders and its quality
figure. A later estimator adds its workloads here, with `@workload(...)` on a function that
returns the data and `contender(...)` classes for mlkit and each peer.

A workload's data function takes `quick` (tiny sizes, for the test suite) and returns a dict.
Each contender is a class with `fit(data)` and optionally `predict(data)` (timed separately) and
`available()` (None, or why the peer cannot run); its `quality(data, output)` comes from the
workload. A contender that runs an external program may set `self.fit_seconds` and
`self.predict_seconds` to the times that program measured (so process start-up is not counted)
and `self.peak_mb` to its peak memory.
"""

import gzip
import importlib.util
import json
import os
import pathlib
import shutil

import numpy as np

from .measure import run_child

ROOT = pathlib.Path(__file__).resolve().parents[2]
WORKLOADS = []


class Workload:
    def __init__(self, name, description, data, quality, quality_name, higher_is_better,
                 tolerance, sample_memory=True):
        self.name = name
        self.sample_memory = sample_memory
        self.description = description
        self.data = data
        self.quality = quality
        self.quality_name = quality_name
        self.higher_is_better = higher_is_better
        self.tolerance = tolerance
        self.contenders = {}

    def contender(self, library):
        def register(cls):
            self.contenders[library] = cls
            return cls

        return register


def workload(name, description, quality, quality_name, higher_is_better=True, tolerance=0.0,
             sample_memory=True):
    def register(fn):
        w = Workload(name, description, fn, quality, quality_name, higher_is_better, tolerance,
                     sample_memory)
        WORKLOADS.append(w)
        return w

    return register


def preload_peers():
    """Import the peers whose native libraries must load before mlkit's (see bench/run.py)."""
    for module in ("sklearnex",):
        if importlib.util.find_spec(module):
            try:
                importlib.import_module(module)
            except ImportError:
                pass  # reported as that peer's error when its workloads run


def missing_module(module):
    return None if importlib.util.find_spec(module) else f"{module} is not installed"


class Contender:
    def __init__(self, threads, binaries):
        self.threads = threads
        self.binaries = binaries
        self.fit_seconds = None
        self.predict_seconds = None
        self.peak_mb = None

    @staticmethod
    def available():
        return None


def r2(y, pred):
    y = np.asarray(y, dtype=float)
    pred = np.asarray(pred, dtype=float).ravel()
    return 1.0 - float(np.sum((y - pred) ** 2) / np.sum((y - y.mean()) ** 2))


def regression_data(n_train, n_test, n_features, seed=0):
    """A dense linear target with noise (a fast stand-in for make_regression at large sizes)."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n_train + n_test, n_features))
    coef = rng.uniform(-10, 10, n_features)
    y = X @ coef + 3.0 + rng.normal(0, 5.0, n_train + n_test)
    return {
        "X": np.ascontiguousarray(X[:n_train]), "y": y[:n_train],
        "X_test": np.ascontiguousarray(X[n_train:]), "y_test": y[n_train:],
        "shape": f"{n_train:,} x {n_features} (+{n_test:,} test rows)",
    }


# ----------------------------------------------------------------- LinearRegression


@workload("linear_regression", "LinearRegression fit and predict", quality=lambda d, p: r2(
    d["y_test"], p), quality_name="R2 (test)", tolerance=1e-6)
def linear_regression_data(quick):
    return regression_data(2_000, 500, 10) if quick else regression_data(1_000_000, 100_000, 100)


def regressor_contender(w, library, module_name, make):
    """A contender that fits `make()` on the training rows and predicts the test rows."""

    @w.contender(library)
    class _C(Contender):
        @staticmethod
        def available():
            return missing_module(module_name)

        def fit(self, d):
            self.model = make().fit(d["X"], d["y"])

        def predict(self, d):
            return self.model.predict(d["X_test"])

    return _C


def _mlkit_lr():
    import mlkit

    return mlkit.LinearRegression()


def _sklearn_lr():
    from sklearn.linear_model import LinearRegression

    return LinearRegression()


def _sklearnex_lr():
    from sklearnex.linear_model import LinearRegression

    return LinearRegression()


regressor_contender(linear_regression_data, "mlkit", "mlkit", _mlkit_lr)
regressor_contender(linear_regression_data, "scikit-learn", "sklearn", _sklearn_lr)
regressor_contender(linear_regression_data, "scikit-learn-intelex", "sklearnex", _sklearnex_lr)


# ----------------------------------------------------------------- Ridge


@workload("ridge", "Ridge (alpha=1, solver 'auto') fit and predict", quality=lambda d, p: r2(
    d["y_test"], p), quality_name="R2 (test)", tolerance=1e-6)
def ridge_data(quick):
    return regression_data(2_000, 500, 10, seed=1) if quick else regression_data(
        1_000_000, 100_000, 100, seed=1)


def _mlkit_ridge():
    import mlkit

    return mlkit.Ridge(alpha=1.0)


def _sklearn_ridge():
    from sklearn.linear_model import Ridge

    return Ridge(alpha=1.0)


regressor_contender(ridge_data, "mlkit", "mlkit", _mlkit_ridge)
regressor_contender(ridge_data, "scikit-learn", "sklearn", _sklearn_ridge)

# ----------------------------------------------------------------- Lasso / ElasticNet


def sparse_regression_data(n_train, n_test, n_features, n_informative, seed=0):
    """A linear target on a few informative features, with noise: a path has work to do."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n_train + n_test, n_features))
    coef = np.zeros(n_features)
    coef[rng.choice(n_features, n_informative, replace=False)] = rng.normal(0, 3.0, n_informative)
    y = X @ coef + 1.0 + rng.normal(0, 1.0, n_train + n_test)
    return {
        "X": np.ascontiguousarray(X[:n_train]), "y": y[:n_train],
        "X_test": np.ascontiguousarray(X[n_train:]), "y_test": y[n_train:],
        "shape": f"{n_train:,} x {n_features} (+{n_test:,} test rows)",
    }


def enet_objective(X, y, coef, alpha, l1_ratio):
    """1/(2n) ||y - X w||² + alpha l1_ratio ||w||_1 + alpha (1 - l1_ratio)/2 ||w||²."""
    r = y - X @ coef
    return (0.5 * r @ r / X.shape[0] + alpha * l1_ratio * np.abs(coef).sum()
            + 0.5 * alpha * (1 - l1_ratio) * coef @ coef)


def _path_data(quick, seed):
    d = sparse_regression_data(2_000, 10, 50, 10, seed) if quick else sparse_regression_data(
        50_000, 10, 500, 50, seed)
    # The path functions take no intercept: centre once, outside the timing.
    d["Xc"] = np.ascontiguousarray(d["X"] - d["X"].mean(axis=0))
    d["yc"] = d["y"] - d["y"].mean()
    return d


def _path_quality(l1_ratio):
    def quality(d, out):
        alphas, coefs = out
        return float(np.mean([enet_objective(d["Xc"], d["yc"], coefs[:, i], a, l1_ratio)
                              for i, a in enumerate(alphas)]))

    return quality


def _path_workload(name, description, l1_ratio, seed):
    # Both libraries stop each solve at a duality gap of tol ||y||² (tol = 1e-4): the mean
    # objective over the path may differ by that much, about 2e-2 here.
    w = workload(name, description, quality=_path_quality(l1_ratio),
                 quality_name="mean objective", higher_is_better=False,
                 tolerance=2e-2)(lambda quick: _path_data(quick, seed))

    @w.contender("mlkit")
    class _M(Contender):
        @staticmethod
        def available():
            return missing_module("mlkit")

        def fit(self, d):
            import mlkit

            self.out = mlkit.enet_path(d["Xc"], d["yc"], l1_ratio=l1_ratio, alphas=100)[:2]

        def output(self):
            return self.out

    @w.contender("scikit-learn")
    class _S(Contender):
        @staticmethod
        def available():
            return missing_module("sklearn")

        def fit(self, d):
            from sklearn.linear_model import enet_path

            self.out = enet_path(d["Xc"], d["yc"], l1_ratio=l1_ratio, alphas=100)[:2]

        def output(self):
            return self.out


_path_workload("lasso_path", "lasso_path, 100 alphas (eps 1e-3, Gram by 'auto')", 1.0, 2)
_path_workload("enet_path", "enet_path, l1_ratio 0.5, 100 alphas (eps 1e-3, Gram by 'auto')",
               0.5, 3)


@workload("lasso", "Lasso (alpha=0.1, no Gram) fit and predict", quality=lambda d, p: r2(
    d["y_test"], p), quality_name="R2 (test)", tolerance=1e-4)
def lasso_data(quick):
    return sparse_regression_data(2_000, 500, 50, 10, 4) if quick else sparse_regression_data(
        50_000, 10_000, 500, 50, 4)


def _mlkit_lasso():
    import mlkit

    return mlkit.Lasso(alpha=0.1)


def _sklearn_lasso():
    from sklearn.linear_model import Lasso

    return Lasso(alpha=0.1)


regressor_contender(lasso_data, "mlkit", "mlkit", _mlkit_lasso)
regressor_contender(lasso_data, "scikit-learn", "sklearn", _sklearn_lasso)

# ----------------------------------------------------------------- StandardScaler


def _scaler_error(d, Z):
    """Largest deviation from the exact standardisation, computed once in float64 by NumPy."""
    if "exact" not in d:
        X = d["X_test"]
        mean, std = d["X"].mean(axis=0), d["X"].std(axis=0)
        d["exact"] = (X - mean) / std
    return float(np.max(np.abs(np.asarray(Z) - d["exact"])))


@workload("standard_scaler", "StandardScaler fit and transform", quality=_scaler_error,
          quality_name="max abs error", higher_is_better=False, tolerance=1e-9)
def standard_scaler_data(quick):
    return regression_data(2_000, 500, 10) if quick else regression_data(1_000_000, 100_000, 100)


@standard_scaler_data.contender("mlkit")
class MlkitScaler(Contender):
    def fit(self, d):
        import mlkit

        self.model = mlkit.StandardScaler().fit(d["X"])

    def predict(self, d):
        return self.model.transform(d["X_test"])


@standard_scaler_data.contender("scikit-learn")
class SklearnScaler(Contender):
    def fit(self, d):
        from sklearn.preprocessing import StandardScaler

        self.model = StandardScaler().fit(d["X"])

    def predict(self, d):
        return self.model.transform(d["X_test"])


# ----------------------------------------------------------------- CSV parsing


def _csv_checksum_error(d, checksum):
    return abs(checksum - d["checksum"]) / max(1.0, abs(d["checksum"]))


@workload("csv_parse", "CSV parse of a numeric file (one core each)", quality=_csv_checksum_error,
          quality_name="checksum rel. error", higher_is_better=False, tolerance=1e-9)
def csv_data(quick):
    rows, cols = (2_000, 5) if quick else (1_000_000, 30)
    folder = ROOT / "build" / "bench-data"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"numeric_{rows}x{cols}.csv"
    total = path.with_suffix(".sum")
    if not path.exists() or not total.exists():
        rng = np.random.default_rng(0)
        tmp, checksum = path.with_suffix(".tmp"), 0.0
        with open(tmp, "w") as f:
            f.write(",".join(f"x{j}" for j in range(cols)) + "\n")
            for start in range(0, rows, 50_000):
                x = rng.standard_normal((min(50_000, rows - start), cols))
                checksum += float(x.sum())
                # Shortest round-trip repr, as pandas' to_csv writes doubles: a correct parser
                # reads back exactly these values.
                f.write("\n".join(",".join(map(repr, r)) for r in x.tolist()) + "\n")
        total.write_text(repr(checksum))
        tmp.rename(path)
    return {"path": path, "checksum": float(total.read_text()),
            "shape": f"{rows:,} x {cols}, {path.stat().st_size / 1e6:.0f} MB"}


def _pin_one_core():
    # Both parsers run on the same single core, whatever --threads says: the reference figure is
    # single-threaded parsing.
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


@csv_data.contender("mlkit")
class MlkitCsv(Contender):
    @staticmethod
    def available():
        return None

    def fit(self, d):
        binary = self.binaries / "bench_csv"
        if not binary.exists():
            raise RuntimeError(f"{binary} is missing: build with -DMLKIT_BUILD_BENCH=ON")
        core = str(min(os.sched_getaffinity(0)))
        argv = ["taskset", "-c", core] if shutil.which("taskset") else []
        result = json.loads(run_child(argv + [str(binary), str(d["path"]), "1"]))
        self.peak_mb = result["peak_mb"]
        self.fit_seconds = result["read_csv_s"]
        self.checksum = result["checksum"]

    def predict(self, d):
        return None

    def output(self):
        return self.checksum


@csv_data.contender("pandas")
class PandasCsv(Contender):
    @staticmethod
    def available():
        return missing_module("pandas")

    def fit(self, d):
        import pandas as pd

        saved = os.sched_getaffinity(0)
        _pin_one_core()
        try:
            self.checksum = float(pd.read_csv(d["path"]).to_numpy().sum())
        finally:
            os.sched_setaffinity(0, saved)

    def predict(self, d):
        return None

    def output(self):
        return self.checksum


# ----------------------------------------------------------------- Fashion-MNIST loading

FASHION = pathlib.Path(os.environ.get("MLKIT_FASHION_MNIST_DIR",
                                      "/usr/share/datasets/fashion-mnist"))


def _fashion_error(d, checksum):
    # The reference is NumPy's reading of the same files (the numpy contender always runs).
    if d.get("checksum") is None:
        return None
    return abs(checksum - d["checksum"]) / max(1.0, abs(d["checksum"]))


@workload("fashion_mnist_load", "Fashion-MNIST loading (70,000 x 784 from gzipped IDX files)",
          quality=_fashion_error, quality_name="checksum rel. error", higher_is_better=False,
          tolerance=0.0)
def fashion_data(quick):
    if not (FASHION / "train-images-idx3-ubyte.gz").exists():
        return {"skip": f"no Fashion-MNIST files in {FASHION} (apt-get install "
                        "dataset-fashion-mnist)"}
    return {"checksum": None, "shape": "70,000 x 784"}


def _read_idx(path, offset):
    with gzip.open(path, "rb") as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


@fashion_data.contender("numpy")
class NumpyFashion(Contender):
    """The usual Python way: gzip plus np.frombuffer, then float64 as mlkit returns it."""

    def fit(self, d):
        X = np.concatenate([
            _read_idx(FASHION / "train-images-idx3-ubyte.gz", 16).reshape(-1, 784),
            _read_idx(FASHION / "t10k-images-idx3-ubyte.gz", 16).reshape(-1, 784),
        ]).astype(np.float64)
        y = np.concatenate([_read_idx(FASHION / "train-labels-idx1-ubyte.gz", 8),
                            _read_idx(FASHION / "t10k-labels-idx1-ubyte.gz", 8)]).astype(float)
        self.checksum = float(X.sum() + y.sum())
        if d["checksum"] is None:
            d["checksum"] = self.checksum

    def output(self):
        return self.checksum


@fashion_data.contender("mlkit")
class MlkitFashion(Contender):
    def fit(self, d):
        binary = self.binaries / "bench_load"
        if not binary.exists():
            raise RuntimeError(f"{binary} is missing: build with -DMLKIT_BUILD_BENCH=ON")
        result = json.loads(run_child([str(binary), "1", str(FASHION)]))
        self.peak_mb = result["peak_mb"]
        self.fit_seconds = result["seconds"]
        self.checksum = result["checksum"]

    def output(self):
        return self.checksum


# ----------------------------------------------------------------- predict latency


def _latency_data(rows):
    def make(quick):
        d = regression_data(5_000, 1_000, 20, seed=1)
        d["batch"] = np.ascontiguousarray(d["X_test"][:rows])
        d["y_batch"] = d["y_test"][:rows]
        d["calls"] = (200 if rows == 1 else 20) if quick else (20_000 if rows == 1 else 2_000)
        d["shape"] = f"{rows} row{'s' if rows > 1 else ''} x 20, mean of {d['calls']:,} calls"
        return d

    return make


def _latency_quality(d, pred):
    # Agreement with the exact least-squares prediction of the batch (both models are exact).
    if "exact" not in d:
        X1 = np.hstack([d["X"], np.ones((len(d["X"]), 1))])
        w = np.linalg.lstsq(X1, d["y"], rcond=None)[0]
        d["exact"] = np.hstack([d["batch"], np.ones((len(d["batch"]), 1))]) @ w
    return float(np.max(np.abs(np.asarray(pred).ravel() - d["exact"])))


def _latency_workload(rows):
    w = workload(f"predict_latency_{rows}", f"LinearRegression.predict on {rows} row(s), per call",
                 quality=_latency_quality, quality_name="max abs error", higher_is_better=False,
                 tolerance=1e-8, sample_memory=False)(_latency_data(rows))
    for library, make in [("mlkit", _mlkit_lr), ("scikit-learn", _sklearn_lr)]:
        def build(make=make, module="mlkit" if library == "mlkit" else "sklearn"):
            class _C(Contender):
                @staticmethod
                def available():
                    return missing_module(module)

                def fit(self, d):
                    self.model = make().fit(d["X"], d["y"])
                    self.model.predict(d["batch"])  # warm up

                def predict(self, d):
                    model, batch = self.model, d["batch"]
                    for _ in range(d["calls"] - 1):
                        model.predict(batch)
                    return model.predict(batch)

                def per_call(self, d):
                    return d["calls"]

            return _C

        w.contender(library)(build())


_latency_workload(1)
_latency_workload(1000)


# ----------------------------------------------------------------- L-BFGS linear models


def _logistic_data(n_train, n_features, n_classes, seed):
    """Labels drawn from a logistic (softmax) model of standard-normal features."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n_train, n_features))
    W = rng.standard_normal((n_classes, n_features)) / np.sqrt(n_features)
    Z = X @ W.T * 2.0
    if n_classes == 2:
        y = (rng.uniform(size=n_train) < 1.0 / (1.0 + np.exp(Z[:, 0] - Z[:, 1]))).astype(float)
    else:
        P = np.exp(Z - Z.max(axis=1, keepdims=True))
        P /= P.sum(axis=1, keepdims=True)
        y = (P.cumsum(axis=1) < rng.uniform(size=(n_train, 1))).sum(axis=1).astype(float)
    return {"X": np.ascontiguousarray(X), "y": y,
            "shape": f"{n_train:,} x {n_features}, {n_classes} classes"}


def _logistic_objective(d, coef_intercept):
    """scikit-learn's lbfgs objective for C = 1 at the fitted coefficients: mean log loss plus
    ||W||² / (2 n), computed once here in NumPy for every contender alike."""
    coef, intercept = coef_intercept
    X, y = d["X"], d["y"]
    Z = X @ coef.T + intercept
    if coef.shape[0] == 1:
        z = Z[:, 0]
        loss = np.logaddexp(0.0, z) - y * z
    else:
        zmax = Z.max(axis=1, keepdims=True)
        lse = np.log(np.exp(Z - zmax).sum(axis=1)) + zmax[:, 0]
        loss = lse - Z[np.arange(len(y)), y.astype(int)]
    return float(loss.mean() + 0.5 * np.sum(coef**2) / len(y))


def _fitted_coefficients(w, library, module_name, make):
    """A fit-only contender whose output is its (coef_, intercept_), for the objective."""

    @w.contender(library)
    class _C(Contender):
        @staticmethod
        def available():
            return missing_module(module_name)

        def fit(self, d):
            self.model = make().fit(d["X"], d["y"])

        def output(self):
            return (np.atleast_2d(self.model.coef_), np.atleast_1d(self.model.intercept_))

    return _C


def _logistic_workload(name, n_classes, seed):
    w = workload(name, f"LogisticRegression (C=1, lbfgs, tol=1e-4) fit, {n_classes} classes",
                 quality=_logistic_objective, quality_name="training objective",
                 higher_is_better=False, tolerance=1e-6)(
        lambda quick: _logistic_data(5_000 if quick else 500_000, 10 if quick else 100,
                                     n_classes, seed))

    def mlkit_make():
        import mlkit

        return mlkit.LogisticRegression()

    def sklearn_make():
        from sklearn.linear_model import LogisticRegression

        return LogisticRegression()

    _fitted_coefficients(w, "mlkit", "mlkit", mlkit_make)
    _fitted_coefficients(w, "scikit-learn", "sklearn", sklearn_make)


_logistic_workload("logistic_regression_binary", 2, 3)
_logistic_workload("logistic_regression_10_classes", 10, 4)


def _poisson_data(quick):
    n, p = (5_000, 10) if quick else (500_000, 100)
    rng = np.random.default_rng(5)
    X = rng.standard_normal((n, p))
    mu = np.exp(X @ (rng.standard_normal(p) * 0.3 / np.sqrt(p)) + 0.5)
    return {"X": np.ascontiguousarray(X), "y": rng.poisson(mu).astype(float),
            "shape": f"{n:,} x {p}"}


def _poisson_objective(d, coef_intercept):
    """scikit-learn's PoissonRegressor objective (alpha = 1): mean half deviance without its
    y-only terms, plus ||w||² / 2."""
    coef, intercept = coef_intercept
    z = d["X"] @ coef.ravel() + intercept[0]
    return float(np.mean(np.exp(z) - d["y"] * z) + 0.5 * np.sum(coef**2))


_poisson = workload("poisson_regressor", "PoissonRegressor (alpha=1, lbfgs, tol=1e-4) fit",
                    quality=_poisson_objective, quality_name="training objective",
                    higher_is_better=False, tolerance=1e-6)(_poisson_data)


def _mlkit_poisson():
    import mlkit

    # The same objective as PoissonRegressor (half Poisson deviance, log link), which is not
    # registered yet.
    return mlkit.TweedieRegressor(power=1.0, link="log")


def _sklearn_poisson():
    from sklearn.linear_model import PoissonRegressor

    return PoissonRegressor()


_fitted_coefficients(_poisson, "mlkit", "mlkit", _mlkit_poisson)
_fitted_coefficients(_poisson, "scikit-learn", "sklearn", _sklearn_poisson)


def _quantile_data(quick):
    n, p = (2_000, 10) if quick else (20_000, 50)
    rng = np.random.default_rng(6)
    X = rng.standard_normal((n, p))
    y = X @ rng.standard_normal(p) + rng.standard_t(2.0, n)
    return {"X": np.ascontiguousarray(X), "y": y, "shape": f"{n:,} x {p}"}


def _quantile_objective(d, coef_intercept):
    """scikit-learn's QuantileRegressor objective (quantile 0.5, alpha 0.01): mean pinball loss
    plus alpha ||w||_1."""
    coef, intercept = coef_intercept
    r = d["y"] - d["X"] @ coef.ravel() - intercept[0]
    return float(np.mean(np.maximum(0.5 * r, -0.5 * r)) + 0.01 * np.abs(coef).sum())


_quantile = workload("quantile_regressor",
                     "QuantileRegressor (quantile=0.5, alpha=0.01, solver='highs') fit",
                     quality=_quantile_objective, quality_name="training objective",
                     higher_is_better=False, tolerance=1e-8)(_quantile_data)


def _mlkit_quantile():
    import mlkit

    return mlkit.QuantileRegressor(alpha=0.01)


def _sklearn_quantile():
    from sklearn.linear_model import QuantileRegressor

    return QuantileRegressor(alpha=0.01)


_fitted_coefficients(_quantile, "mlkit", "mlkit", _mlkit_quantile)
_fitted_coefficients(_quantile, "scikit-learn", "sklearn", _sklearn_quantile)


# ----------------------------------------------------------------- random forests


def accuracy(y, pred):
    return float(np.mean(np.asarray(y) == np.asarray(pred).ravel()))


def _split(X, y, train_fraction, shape):
    cut = int(round(train_fraction * len(y)))
    return {"X": np.ascontiguousarray(X[:cut]), "y": y[:cut],
            "X_test": np.ascontiguousarray(X[cut:]), "y_test": y[cut:], "shape": shape}


def _forest_classification_data(quick):
    from sklearn.datasets import make_classification

    n = 4_000 if quick else 100_000
    X, y = make_classification(n_samples=n, n_features=20, n_informative=10, random_state=0)
    return _split(X, y.astype(float), 0.75, f"{int(0.75 * n):,} x 20 (+{n // 4:,} test rows)")


def _forest_regression_data(quick):
    from sklearn.datasets import make_regression

    n = 4_000 if quick else 100_000
    X, y = make_regression(n_samples=n, n_features=20, n_informative=10, noise=10.0,
                           random_state=0)
    return _split(X, y, 0.75, f"{int(0.75 * n):,} x 20 (+{n // 4:,} test rows)")


def _forest_fashion_data(quick):
    if not (FASHION / "train-images-idx3-ubyte.gz").exists():
        return {"skip": f"no Fashion-MNIST files in {FASHION} (apt-get install "
                        "dataset-fashion-mnist)"}
    n = 2_000 if quick else 20_000
    X = _read_idx(FASHION / "train-images-idx3-ubyte.gz", 16).reshape(-1, 784)[:n]
    y = _read_idx(FASHION / "train-labels-idx1-ubyte.gz", 8)[:n].astype(float)
    return _split(X.astype(np.float64), y, 0.75,
                  f"{int(0.75 * n):,} x 784 (+{n // 4:,} test rows), first {n:,} training images")


def _forest_contenders(w, kind):
    def make(module, threads):
        if module == "mlkit":
            import mlkit as lib
        else:
            import sklearn.ensemble as lib
        return getattr(lib, kind)(n_estimators=100, n_jobs=threads, random_state=0)

    for library, module in (("mlkit", "mlkit"), ("scikit-learn", "sklearn")):
        @w.contender(library)
        class _C(Contender):
            @staticmethod
            def available(module=module):
                return missing_module(module)

            def fit(self, d, module=module):
                self.model = make(module, self.threads).fit(d["X"], d["y"])

            def predict(self, d):
                return self.model.predict(d["X_test"])


# ranger (Wright & Ziegler, "ranger: A Fast Implementation of Random Forests for High
# Dimensional Data in C++ and R", J. Stat. Softw. 77, 2017), from Debian's r-cran-ranger, run by
# Rscript on the same data written as raw doubles. Its fit and predict times are those R
# measured, without R's start-up or the data transfer. Settings follow scikit-learn's defaults
# where ranger's differ: all features per split and leaves of one sample for the regressor.
_RANGER_SCRIPT = r"""
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]; n <- as.integer(args[2]); m <- as.integer(args[3]); p <- as.integer(args[4])
classification <- args[5] == "1"; threads <- as.integer(args[6])
suppressMessages(library(ranger))
rd <- function(name, count) readBin(file.path(dir, name), "double", count)
X <- matrix(rd("X", n * p), nrow = n, byrow = TRUE)
Xt <- matrix(rd("Xt", m * p), nrow = m, byrow = TRUE)
colnames(X) <- colnames(Xt) <- paste0("x", seq_len(p))
y <- rd("y", n)
if (classification) y <- factor(y)
mtry <- if (classification) floor(sqrt(p)) else p
t0 <- Sys.time()
fit <- ranger(x = X, y = y, num.trees = 100, mtry = mtry, min.node.size = 1,
              num.threads = threads, seed = 0, classification = classification)
t1 <- Sys.time()
pred <- predict(fit, Xt, num.threads = threads)$predictions
t2 <- Sys.time()
if (classification) pred <- as.numeric(as.character(pred))
writeBin(as.double(pred), file.path(dir, "pred"))
status <- readLines("/proc/self/status")
hwm <- as.numeric(gsub("[^0-9]", "", status[grepl("^VmHWM", status)])) / 1024
cat(sprintf('{"fit": %.6f, "predict": %.6f, "peak_mb": %.1f}', as.numeric(t1 - t0, units = "secs"),
            as.numeric(t2 - t1, units = "secs"), hwm))
"""


def _ranger_missing():
    if not shutil.which("Rscript"):
        return "Rscript is not installed (apt-get install r-cran-ranger)"
    import subprocess

    check = subprocess.run(["Rscript", "-e", "library(ranger)"], capture_output=True)
    return None if check.returncode == 0 else "R package ranger is not installed (r-cran-ranger)"


def _ranger_contender(w, classification):
    @w.contender("ranger")
    class _Ranger(Contender):
        @staticmethod
        def available():
            return _ranger_missing()

        def fit(self, d):
            import tempfile

            with tempfile.TemporaryDirectory() as tmp:
                tmp = pathlib.Path(tmp)
                X, Xt = np.ascontiguousarray(d["X"], float), np.ascontiguousarray(d["X_test"], float)
                X.tofile(tmp / "X")
                Xt.tofile(tmp / "Xt")
                np.asarray(d["y"], float).tofile(tmp / "y")
                (tmp / "ranger.R").write_text(_RANGER_SCRIPT)
                out = run_child(["Rscript", str(tmp / "ranger.R"), str(tmp), str(len(X)),
                                 str(len(Xt)), str(X.shape[1]), "1" if classification else "0",
                                 str(self.threads)])
                times = json.loads(out[out.index("{"):])
                self.pred = np.fromfile(tmp / "pred", dtype=float)
            self.fit_seconds, self.predict_seconds = times["fit"], times["predict"]
            self.peak_mb = times["peak_mb"]  # the R process's high-water mark

        def predict(self, d):
            return self.pred


for _name, _desc, _data, _kind, _quality, _qname in (
    ("random_forest_classifier", "RandomForestClassifier (100 trees) on make_classification",
     _forest_classification_data, "RandomForestClassifier", accuracy, "accuracy (test)"),
    ("random_forest_fashion_mnist", "RandomForestClassifier (100 trees) on Fashion-MNIST",
     _forest_fashion_data, "RandomForestClassifier", accuracy, "accuracy (test)"),
    ("random_forest_regressor", "RandomForestRegressor (100 trees) on make_regression",
     _forest_regression_data, "RandomForestRegressor", r2, "R2 (test)"),
):
    _w = workload(_name, _desc, quality=lambda d, p, q=_quality: q(d["y_test"], p),
                  quality_name=_qname, tolerance=0.01)(_data)
    _forest_contenders(_w, _kind)
    _ranger_contender(_w, _kind.endswith("Classifier"))
