"""Cross-validation and hyperparameter searches run by mlkit's native code.

``cross_validate``, ``cross_val_score``, ``cross_val_predict``, ``GridSearchCV``,
``RandomizedSearchCV``, ``HalvingGridSearchCV`` and ``HalvingRandomSearchCV`` take an mlkit
estimator (a generated class or an mlkit composite) and run every fit in C++ on oneTBB, in
parallel, with the GIL released; results are shaped as scikit-learn's. Scorers are named as
scikit-learn's (``"r2"``, ``"neg_mean_squared_error"``, ...); callables are not accepted, use
scikit-learn's functions for those (they take mlkit estimators too).

``cv`` is an int (KFold, or StratifiedKFold for classifiers, as scikit-learn), one of the
splitters here (mlkit's native splitters, with scikit-learn's parameters) or any object with a
scikit-learn ``split`` method, or an iterable of (train, test) index arrays: the splits are
computed once and handed to the native code, so a scikit-learn splitter gives its own folds.
"""

from __future__ import annotations

import numbers
import re

import numpy as np
from numpy.ma import MaskedArray
from sklearn.base import BaseEstimator, MetaEstimatorMixin, clone
from sklearn.metrics import get_scorer
from sklearn.model_selection import BaseCrossValidator
from sklearn.utils.metaestimators import available_if
from sklearn.utils.multiclass import type_of_target
from sklearn.utils.validation import (
    _check_sample_weight,
    _num_samples,
    check_array,
    check_is_fitted,
    column_or_1d,
)

from . import _mlkit
from ._base import MlkitEstimator
from ._compose import _Context, native

__all__ = [
    "cross_validate",
    "cross_val_score",
    "cross_val_predict",
    "GridSearchCV",
    "RandomizedSearchCV",
    "HalvingGridSearchCV",
    "HalvingRandomSearchCV",
    "KFold",
    "StratifiedKFold",
    "GroupKFold",
    "RepeatedKFold",
    "RepeatedStratifiedKFold",
    "ShuffleSplit",
    "StratifiedShuffleSplit",
    "TimeSeriesSplit",
]


# -- splitters ---------------------------------------------------------------------------------
def _codes(values):
    """Labels of any hashable kind as float codes (for the native splitters)."""
    if values is None:
        return None
    return np.ascontiguousarray(np.unique(np.asarray(values), return_inverse=True)[1], np.float64)


class _Splitter(BaseCrossValidator):
    """A native mlkit splitter; ``split`` yields (train, test) index arrays as scikit-learn's."""

    _kind = ""

    def split(self, X, y=None, groups=None):
        """Yield the train and test row indices of each split."""
        n = _num_samples(X)
        yield from _mlkit.split(self._kind, self.get_params(), n, _codes(y), _codes(groups))

    def get_n_splits(self, X=None, y=None, groups=None):
        """The number of splits."""
        return self.n_splits * getattr(self, "n_repeats", 1)

    def get_params(self, deep=True):
        """The splitter's parameters."""
        return {k: getattr(self, k) for k in self._param_names}

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_params().items())
        return f"{type(self).__name__}({args})"


def _splitter(kind, names, doc):
    def __init__(self, n_splits=names["n_splits"], **kwargs):
        kwargs["n_splits"] = n_splits
        for k, v in names.items():
            setattr(self, k, kwargs.pop(k, v))
        if kwargs:
            raise TypeError(f"unexpected parameters {sorted(kwargs)}")

    params = ", ".join(f"{k}={v!r}" for k, v in names.items())
    cls_name = "".join(w.capitalize() if w != "kfold" else "KFold" for w in kind.split("_"))
    cls = type(
        cls_name,
        (_Splitter,),
        {"__init__": __init__, "_kind": kind, "_param_names": tuple(names), "__module__": __name__},
    )
    cls.__doc__ = f"{doc}\n\nParameters (scikit-learn's): {params}."
    return cls


KFold = _splitter(
    "kfold", {"n_splits": 5, "shuffle": False, "random_state": None}, "K consecutive folds."
)
StratifiedKFold = _splitter(
    "stratified_kfold",
    {"n_splits": 5, "shuffle": False, "random_state": None},
    "K folds keeping each class's proportion.",
)
GroupKFold = _splitter(
    "group_kfold",
    {"n_splits": 5, "shuffle": False, "random_state": None},
    "K folds with no group in two folds.",
)
RepeatedKFold = _splitter(
    "repeated_kfold",
    {"n_splits": 5, "n_repeats": 10, "random_state": None},
    "KFold repeated with a different shuffle each time.",
)
RepeatedStratifiedKFold = _splitter(
    "repeated_stratified_kfold",
    {"n_splits": 5, "n_repeats": 10, "random_state": None},
    "StratifiedKFold repeated with a different shuffle each time.",
)
ShuffleSplit = _splitter(
    "shuffle_split",
    {"n_splits": 10, "test_size": None, "train_size": None, "random_state": None},
    "Independent random train/test splits.",
)
StratifiedShuffleSplit = _splitter(
    "stratified_shuffle_split",
    {"n_splits": 10, "test_size": None, "train_size": None, "random_state": None},
    "Random train/test splits keeping class proportions.",
)
TimeSeriesSplit = _splitter(
    "time_series_split",
    {"n_splits": 5, "max_train_size": None, "test_size": None, "gap": 0},
    "Growing training windows followed by the next block of rows.",
)


def _splits(cv, X, y, groups, classifier):
    if cv is None:
        cv = 5
    if isinstance(cv, numbers.Integral):
        stratify = (
            classifier and y is not None and type_of_target(y) in ("binary", "multiclass")
        )
        cv = StratifiedKFold(n_splits=cv) if stratify else KFold(n_splits=cv)
    splits = cv.split(X, y, groups) if hasattr(cv, "split") else cv
    out = []
    for train, test in splits:
        out.append((np.ascontiguousarray(train, np.int64), np.ascontiguousarray(test, np.int64)))
    return out


# -- inputs --------------------------------------------------------------------------------------
class _Data:
    """X, y and the native model, as the native functions take them."""

    def __init__(self, estimator, X, y, sample_weight, function):
        if not isinstance(estimator, MlkitEstimator):
            raise TypeError(
                f"mlkit.model_selection.{function} runs mlkit estimators; "
                f"{type(estimator).__name__} is not one. Use "
                f"sklearn.model_selection.{function} for it."
            )
        columns = list(getattr(X, "columns", []))
        # Feature names as scikit-learn takes them: a DataFrame's columns when all are strings.
        self.feature_names = columns if all(isinstance(c, str) for c in columns) else []
        self.X = check_array(X, dtype=np.float64, order="C", ensure_all_finite=False)
        ctx = _Context(X, self.X.shape[1], self.feature_names)
        self.model = native(estimator, ctx)
        self.tags = self.model.tags
        self.classifier = self.tags["kind"] == "classifier"
        self.classes = None
        if y is not None:
            y = np.asarray(y)
            if y.ndim == 2 and y.shape[1] == 1:
                y = column_or_1d(y, warn=True)
            if y.ndim != 1:
                raise ValueError(f"mlkit.model_selection.{function} takes one target (a 1-D y)")
            if self.classifier:
                self.classes, y = np.unique(y, return_inverse=True)
            y = np.ascontiguousarray(y, dtype=np.float64)
        self.y = y
        self.sample_weight = (
            None
            if sample_weight is None
            else np.ascontiguousarray(_check_sample_weight(sample_weight, self.X, dtype=np.float64))
        )

    def options(self, scorers, return_train_score, n_jobs):
        return {
            "scoring": scorers,
            "return_train_score": bool(return_train_score),
            "n_jobs": n_jobs,
            "sample_weight": self.sample_weight,
            "feature_names": self.feature_names,
        }


def _scoring(scoring, function):
    """Native scorer names and the output name of each; whether several metrics were asked."""
    if scoring is None:
        return [], {"score": "score"}, False
    if isinstance(scoring, str):
        return [scoring], {scoring: "score"}, False
    if isinstance(scoring, dict):
        items = list(scoring.items())
    elif isinstance(scoring, (list, tuple, set)):
        items = [(s, s) for s in scoring]
    else:
        items = None
    if items is None or not all(isinstance(v, str) for _, v in items):
        raise TypeError(
            f"mlkit.model_selection.{function} takes scorer names (such as 'r2' or "
            "'neg_mean_squared_error'), a list of them or a dict of them; use "
            f"sklearn.model_selection.{function} with a callable scorer."
        )
    names = list(dict.fromkeys(v for _, v in items))
    if len({v for _, v in items}) != len(items):
        raise ValueError("each scorer may be named once")
    return names, {v: k for k, v in items}, True


def _error_score(error_score):
    if isinstance(error_score, str) and error_score == "raise":
        return True
    if isinstance(error_score, numbers.Real) and np.isnan(error_score):
        return False
    raise ValueError("mlkit's searches take error_score=np.nan (failed fits score NaN) or 'raise'")


# -- cross-validation ----------------------------------------------------------------------------
def cross_validate(
    estimator,
    X,
    y=None,
    *,
    groups=None,
    scoring=None,
    cv=None,
    n_jobs=None,
    verbose=0,
    params=None,
    return_train_score=False,
    return_estimator=False,
    return_indices=False,
    error_score="raise",
):
    """Fit and score the estimator on each split, natively and in parallel.

    As scikit-learn's cross_validate: a dict of NumPy arrays with ``fit_time``, ``score_time``,
    ``test_<scorer>`` (``test_score`` for one scorer) and, with return_train_score,
    ``train_<scorer>``. ``params`` may hold ``sample_weight`` (given to each fit). A failing
    fit raises (error_score='raise' is the only choice); return_estimator is not supported.
    """
    if return_estimator:
        raise ValueError(
            "mlkit.model_selection.cross_validate does not return the fitted estimators; use "
            "sklearn.model_selection.cross_validate for return_estimator=True"
        )
    if not (isinstance(error_score, str) and error_score == "raise"):
        raise ValueError("mlkit.model_selection.cross_validate raises on a failing fit; "
                         "pass error_score='raise'")
    params = dict(params or {})
    sample_weight = params.pop("sample_weight", None)
    if params:
        raise ValueError(f"mlkit's cross_validate takes only sample_weight in params; got "
                         f"{sorted(params)}")
    data = _Data(estimator, X, y, sample_weight, "cross_validate")
    scorers, out_names, _ = _scoring(scoring, "cross_validate")
    splits = _splits(cv, X, y, groups, data.classifier)
    res = _mlkit.cross_validate(
        data.model, data.X, data.y, splits, data.options(scorers, return_train_score, n_jobs)
    )
    out = {
        "fit_time": np.asarray(res["fit_time"]),
        "score_time": np.asarray(res["score_time"]),
    }
    for name, values in res["test"].items():
        out[f"test_{out_names[name]}"] = np.asarray(values)
    for name, values in res["train"].items():
        out[f"train_{out_names[name]}"] = np.asarray(values)
    if return_indices:
        out["indices"] = {"train": [s[0] for s in splits], "test": [s[1] for s in splits]}
    return out


def cross_val_score(
    estimator, X, y=None, *, groups=None, scoring=None, cv=None, n_jobs=None, verbose=0,
    params=None, error_score="raise",
):
    """The test scores of one scorer on each split, as scikit-learn's cross_val_score."""
    if scoring is not None and not isinstance(scoring, str):
        raise TypeError("cross_val_score takes one scorer name (use cross_validate for several)")
    return cross_validate(
        estimator, X, y, groups=groups, scoring=scoring, cv=cv, n_jobs=n_jobs, params=params,
        error_score=error_score,
    )["test_score"]


def cross_val_predict(
    estimator, X, y=None, *, groups=None, cv=None, n_jobs=None, verbose=0, params=None,
    method="predict",
):
    """Each row's output from the model fitted without it, as scikit-learn's cross_val_predict.

    ``method`` is "predict", "predict_proba", "decision_function" or "transform"; ``cv`` must
    put each row in exactly one test part.
    """
    params = dict(params or {})
    sample_weight = params.pop("sample_weight", None)
    if params:
        raise ValueError(f"mlkit's cross_val_predict takes only sample_weight in params; got "
                         f"{sorted(params)}")
    data = _Data(estimator, X, y, sample_weight, "cross_val_predict")
    splits = _splits(cv, X, y, groups, data.classifier)
    out = _mlkit.cross_val_predict(
        data.model, data.X, data.y, splits, method, data.options([], False, n_jobs)
    )
    if method == "predict":
        out = out.ravel() if out.shape[1] == 1 else out
        if data.classes is not None:
            out = data.classes[out.astype(np.intp)]
    elif method == "decision_function" and out.shape[1] == 1:
        out = out.ravel()
    return out


# -- searches ------------------------------------------------------------------------------------
_SCORE_COLUMN = re.compile(r"^(split\d+_|mean_|std_|rank_)(test|train)_(.+)$")


def _param_columns(candidates):
    """scikit-learn's masked arrays of parameter values, one per parameter name."""
    n = len(candidates)
    by_name = {}
    for i, params in enumerate(candidates):
        for name, value in params.items():
            by_name.setdefault(f"param_{name}", {})[i] = value
    out = {}
    for key, values in by_name.items():
        try:
            arr = np.array(list(values.values()))
        except ValueError:
            dtype = np.dtype(object)
        else:
            dtype = arr.dtype if arr.dtype.kind != "U" and arr.ndim == 1 else object
        ma = MaskedArray(np.empty(n, dtype=dtype), mask=True)
        for i, v in values.items():
            ma[i] = v
        out[key] = ma
    return out


def _as_grids(space, what):
    if isinstance(space, dict):
        return [space]
    if isinstance(space, (list, tuple)) and all(isinstance(g, dict) for g in space):
        return list(space)
    raise TypeError(f"{what} must be a dict or a list of dicts; got {space!r}")


def _distribution(name, d):
    """One of the native distributions for a list or a scipy.stats frozen distribution."""
    if isinstance(d, (list, tuple, np.ndarray)):
        return ("choice", list(d))
    kind = getattr(getattr(d, "dist", None), "name", None)
    if hasattr(d, "rvs") and hasattr(d, "support"):
        lo, hi = d.support()
        if kind == "randint":
            return ("int_range", int(lo), int(hi) + 1)
        if kind == "uniform":
            return ("uniform", float(lo), float(hi))
        if kind in ("loguniform", "reciprocal") and np.isclose(d.ppf(0.5), np.sqrt(lo * hi)):
            return ("log_uniform", float(lo), float(hi))
    raise TypeError(
        f"mlkit's randomized searches draw '{name}' from a list or from scipy.stats.randint, "
        "uniform or loguniform (without loc); got "
        f"{d!r}. Use sklearn.model_selection's searches for other distributions."
    )


class _Search(MetaEstimatorMixin, BaseEstimator):
    """What every search shares: fit runs natively, results become scikit-learn's attributes."""

    _kind = ""
    _function = ""

    def _space(self):
        raise NotImplementedError

    def _extra_options(self):
        return {}

    def fit(self, X, y=None, *, groups=None, sample_weight=None):
        """Run the search (every candidate on every split, in parallel), then refit the best."""
        data = _Data(self.estimator, X, y, sample_weight, self._function)
        scorers, out_names, multimetric = _scoring(self.scoring, self._function)
        refit = self.refit
        if callable(refit):
            raise TypeError("mlkit's searches take refit=True, False or a scorer's name")
        refit_scorer = ""
        if isinstance(refit, str):
            native_names = {v: k for k, v in out_names.items()}
            if refit not in native_names:
                raise ValueError(f"refit={refit!r} is not one of the scorers {sorted(native_names)}")
            refit_scorer = native_names[refit]
        elif multimetric:
            if refit:
                raise ValueError(
                    "With several scorers, refit must name the one that picks the best candidate"
                )
            refit_scorer = scorers[0]
        options = data.options(scorers, self.return_train_score, self.n_jobs)
        options.update(
            refit=bool(refit),
            refit_scorer=refit_scorer,
            raise_on_error=_error_score(self.error_score),
            random_state=getattr(self, "random_state", None),
        )
        options.update(self._extra_options())
        if options["random_state"] is not None and not isinstance(
            options["random_state"], numbers.Integral
        ):
            raise ValueError("mlkit's searches take an int random_state (or None)")
        space = self._space()
        valid = self.estimator.get_params(deep=True)
        for grid in space:
            for name in grid:
                if name not in valid:
                    raise ValueError(
                        f"Invalid parameter {name!r} for estimator {self.estimator!r}. Valid "
                        f"parameters are: {sorted(valid)!r}."
                    )
        splits = _splits(self.cv, X, y, groups, data.classifier)
        res = _mlkit.search(data.model, self._kind, space, data.X, data.y, splits, options)

        results = {}
        params = res["params"]
        param_columns = _param_columns(params)
        for name, values in res["columns"]:
            if name.startswith("param_"):
                continue
            m = _SCORE_COLUMN.match(name)
            if m:
                name = f"{m.group(1)}{m.group(2)}_{out_names[m.group(3)]}"
            if name.startswith("rank_"):
                values = np.asarray(values, dtype=np.int32)
            elif name in ("iter", "n_resources"):
                values = np.asarray(values, dtype=np.int64)
            else:
                values = np.asarray([np.nan if v is None else v for v in values], np.float64)
            results[name] = values
            if name == "std_score_time":
                results.update(param_columns)
                results["params"] = params
        self.cv_results_ = results
        self.multimetric_ = multimetric
        self.n_splits_ = res["n_splits"]
        self.fit_errors_ = list(res["fit_errors"])
        self.n_features_in_ = data.X.shape[1]
        if data.feature_names:
            self.feature_names_in_ = np.asarray(data.feature_names, dtype=object)
        if data.classes is not None:
            self.classes_ = data.classes
        if refit or not multimetric:
            self.best_index_ = int(res["best_index"])
            self.best_params_ = params[self.best_index_]
            self.best_score_ = float(res["best_score"])
        if "halving" in res:
            for k, v in res["halving"].items():
                setattr(self, k, v)
        if refit:
            best = clone(self.estimator).set_params(**self.best_params_)
            best._adopt(res["best_estimator"], y_ndim=1 if data.y is not None else None)
            if data.classes is not None:
                best.classes_ = data.classes
            if data.feature_names:
                best.feature_names_in_ = self.feature_names_in_
            self.best_estimator_ = best
            self.refit_time_ = float(res["refit_time"])
        self._refit_scorer = refit_scorer or (scorers[0] if scorers else None)
        return self

    def _check_best(self):
        check_is_fitted(self)
        if not hasattr(self, "best_estimator_"):
            raise AttributeError("this search was fitted with refit=False")
        return self.best_estimator_

    def _estimator_has(attr):  # noqa: N805 - a decorator helper
        def check(self):
            if hasattr(self, "best_estimator_"):
                return hasattr(self.best_estimator_, attr)
            return hasattr(self.estimator, attr)

        return check

    @available_if(_estimator_has("predict"))
    def predict(self, X):
        """Predict with the best estimator."""
        return self._check_best().predict(X)

    @available_if(_estimator_has("predict_proba"))
    def predict_proba(self, X):
        """Class probabilities from the best estimator."""
        return self._check_best().predict_proba(X)

    @available_if(_estimator_has("decision_function"))
    def decision_function(self, X):
        """Decision values of the best estimator."""
        return self._check_best().decision_function(X)

    @available_if(_estimator_has("transform"))
    def transform(self, X):
        """Transform with the best estimator."""
        return self._check_best().transform(X)

    @available_if(_estimator_has("inverse_transform"))
    def inverse_transform(self, X):
        """Inverse transform with the best estimator."""
        return self._check_best().inverse_transform(X)

    def score(self, X, y=None):
        """The refit scorer on X and y (the best estimator's own score without scorers)."""
        best = self._check_best()
        if self._refit_scorer is None:
            return best.score(X, y)
        return get_scorer(self._refit_scorer)(best, X, y)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        sub = self.estimator.__sklearn_tags__()
        tags.estimator_type = sub.estimator_type
        tags.classifier_tags = sub.classifier_tags
        tags.regressor_tags = sub.regressor_tags
        tags.input_tags.allow_nan = sub.input_tags.allow_nan
        return tags


class GridSearchCV(_Search):
    """Every candidate of a parameter grid, cross-validated natively, as scikit-learn's.

    ``param_grid`` is a dict (or list of dicts) of parameter name (``step__param`` inside a
    composite) to a list of values. Attributes after fit: ``cv_results_`` (scikit-learn's keys,
    ``params`` included), ``best_params_``, ``best_score_``, ``best_index_``,
    ``best_estimator_`` (an mlkit estimator), ``refit_time_``, ``n_splits_``.
    """

    _kind = "grid"
    _function = "GridSearchCV"

    def __init__(
        self, estimator, param_grid, *, scoring=None, n_jobs=None, refit=True, cv=None,
        verbose=0, error_score=np.nan, return_train_score=False,
    ):
        self.estimator = estimator
        self.param_grid = param_grid
        self.scoring = scoring
        self.n_jobs = n_jobs
        self.refit = refit
        self.cv = cv
        self.verbose = verbose
        self.error_score = error_score
        self.return_train_score = return_train_score

    def _space(self):
        grids = _as_grids(self.param_grid, "param_grid")
        return [{k: list(v) for k, v in g.items()} for g in grids]


class RandomizedSearchCV(_Search):
    """``n_iter`` candidates drawn from lists or scipy.stats distributions (randint, uniform,
    loguniform), cross-validated natively. Draws use mlkit's random streams: reproducible from
    ``random_state``, but not the candidates scikit-learn would draw."""

    _kind = "random"
    _function = "RandomizedSearchCV"

    def __init__(
        self, estimator, param_distributions, *, n_iter=10, scoring=None, n_jobs=None,
        refit=True, cv=None, verbose=0, random_state=None, error_score=np.nan,
        return_train_score=False,
    ):
        self.estimator = estimator
        self.param_distributions = param_distributions
        self.n_iter = n_iter
        self.scoring = scoring
        self.n_jobs = n_jobs
        self.refit = refit
        self.cv = cv
        self.verbose = verbose
        self.random_state = random_state
        self.error_score = error_score
        self.return_train_score = return_train_score

    def _space(self):
        dists = _as_grids(self.param_distributions, "param_distributions")
        return [{k: _distribution(k, v) for k, v in d.items()} for d in dists]

    def _extra_options(self):
        return {"n_iter": int(self.n_iter)}


class _Halving(_Search):
    def _extra_options(self):
        if self.resource != "n_samples":
            raise ValueError("mlkit's successive halving takes resource='n_samples'")
        min_resources = self.min_resources
        if isinstance(min_resources, numbers.Integral):
            min_resources = str(int(min_resources))
        max_resources = None if self.max_resources == "auto" else int(self.max_resources)
        return {
            "factor": float(self.factor),
            "min_resources": min_resources,
            "max_resources": max_resources,
            "aggressive_elimination": bool(self.aggressive_elimination),
            "n_candidates": getattr(self, "n_candidates", None),
        }


class HalvingGridSearchCV(_Halving):
    """Successive halving over a grid's candidates (scikit-learn's HalvingGridSearchCV, the
    resource being the number of training samples), run natively."""

    _kind = "halving_grid"
    _function = "HalvingGridSearchCV"

    def __init__(
        self, estimator, param_grid, *, factor=3, resource="n_samples", max_resources="auto",
        min_resources="exhaust", aggressive_elimination=False, cv=5, scoring=None, refit=True,
        error_score=np.nan, return_train_score=True, random_state=None, n_jobs=None, verbose=0,
    ):
        self.estimator = estimator
        self.param_grid = param_grid
        self.factor = factor
        self.resource = resource
        self.max_resources = max_resources
        self.min_resources = min_resources
        self.aggressive_elimination = aggressive_elimination
        self.cv = cv
        self.scoring = scoring
        self.refit = refit
        self.error_score = error_score
        self.return_train_score = return_train_score
        self.random_state = random_state
        self.n_jobs = n_jobs
        self.verbose = verbose

    _space = GridSearchCV._space


class HalvingRandomSearchCV(_Halving):
    """Successive halving over sampled candidates (``n_candidates="exhaust"`` as many as make
    the last round use max_resources), run natively."""

    _kind = "halving_random"
    _function = "HalvingRandomSearchCV"

    def __init__(
        self, estimator, param_distributions, *, n_candidates="exhaust", factor=3,
        resource="n_samples", max_resources="auto", min_resources="smallest",
        aggressive_elimination=False, cv=5, scoring=None, refit=True, error_score=np.nan,
        return_train_score=True, random_state=None, n_jobs=None, verbose=0,
    ):
        self.estimator = estimator
        self.param_distributions = param_distributions
        self.n_candidates = n_candidates
        self.factor = factor
        self.resource = resource
        self.max_resources = max_resources
        self.min_resources = min_resources
        self.aggressive_elimination = aggressive_elimination
        self.cv = cv
        self.scoring = scoring
        self.refit = refit
        self.error_score = error_score
        self.return_train_score = return_train_score
        self.random_state = random_state
        self.n_jobs = n_jobs
        self.verbose = verbose

    _space = RandomizedSearchCV._space

    def _extra_options(self):
        out = super()._extra_options()
        out["n_candidates"] = None if self.n_candidates == "exhaust" else int(self.n_candidates)
        return out
