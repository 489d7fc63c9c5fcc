"""Generation of scikit-learn compatible classes from mlkit's native registry.

Every registered C++ estimator becomes a Python class with an explicit ``__init__`` of its
parameters (names, defaults and docs from the C++ parameter table), the scikit-learn mixins its
tags call for, and only the methods it supports. No class is written by hand.
"""

from __future__ import annotations

import json
import warnings

import numpy as np
import sklearn.exceptions
from sklearn.base import (
    BaseEstimator,
    ClassifierMixin,
    ClusterMixin,
    RegressorMixin,
    TransformerMixin,
)
from sklearn.exceptions import NotFittedError
from sklearn.utils import check_array
from sklearn.utils._available_if import available_if
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import _check_sample_weight, validate_data

from . import _mlkit

# State fields named like scikit-learn's fitted attributes that scikit-learn returns as a scalar
# when every feature has the same value (scalers' sample counts).
_SCALAR_WHEN_UNIFORM = {"n_samples_seen_"}
# State fields that are bookkeeping of the native model, not attributes.
_INTERNAL_STATE = {"n_features_in_", "n_targets"}


def _state_value(value):
    """A model-file value as NumPy: matrices, vectors, numbers; non-finite strings decoded."""
    if isinstance(value, dict) and set(value) == {"shape", "data"}:
        return np.asarray(_decode(value["data"]), dtype=np.float64).reshape(value["shape"])
    if isinstance(value, list) and value and all(isinstance(v, list) for v in value):
        # One array per feature (bin edges, categories), as scikit-learn's object arrays.
        out = np.empty(len(value), dtype=object)
        for i, v in enumerate(value):
            out[i] = np.asarray(_decode(v), dtype=np.float64)
        return out
    if isinstance(value, list):
        arr = np.asarray(_decode(value), dtype=np.float64)
        return None if arr.size == 0 else arr
    return value


def _decode(values):
    special = {"NaN": np.nan, "Infinity": np.inf, "-Infinity": -np.inf}
    return [special.get(v, v) if isinstance(v, str) else v for v in values]


class MlkitEstimator(BaseEstimator):
    """Behaviour shared by every generated mlkit class."""

    _mlkit_name: str = ""
    _mlkit_tags: dict = {}

    # -- fitting -------------------------------------------------------------------------
    def fit(self, X, y=None, sample_weight=None):
        """Fit the model. ``sample_weight`` only where the estimator supports it."""
        X, y, sample_weight = validate_fit_input(
            self, X, y, sample_weight, self._mlkit_tags, check_weight_support=True
        )
        model = _mlkit.Model.make(self._mlkit_name, native_params(self))
        model.fit(X, y, sample_weight)
        issue_fit_warnings(model)
        # A classifier's classes_ are the caller's labels, set by validate_fit_input; the native
        # model was fitted on their codes.
        classes = self.__dict__.get("classes_")
        self._adopt(model, y_ndim=None if y is None else y.ndim)
        if self._mlkit_tags["kind"] == "classifier":
            self.classes_ = classes
        return self

    def _adopt(self, model, y_ndim):
        """Take a fitted native model and expose its state as fitted attributes."""
        self._model = model
        self._y_ndim = y_ndim if y_ndim is not None else (1 if model.n_targets == 1 else 2)
        self.n_features_in_ = model.n_features_in
        per_target = set(self._mlkit_tags["per_target_state"])
        classifier = self._mlkit_tags["kind"] == "classifier"
        for key, value in json.loads(model.state_json(True)).items():
            # A classifier's native classes_ are the codes 0..k-1; classes_ keeps the labels.
            if key in _INTERNAL_STATE or (classifier and key == "classes_"):
                continue
            if key == "classes_" and self._mlkit_tags["kind"] == "classifier":
                # The native model holds codes 0..k-1; the labels are the Python layer's.
                continue
            value = _state_value(value)
            if key in per_target and self._y_ndim == 1 and value is not None:
                value = value.reshape(value.shape[1:]) if value.ndim > 1 else float(value[0])
            if key in _SCALAR_WHEN_UNIFORM and isinstance(value, np.ndarray) and np.all(
                value == value[0]
            ):
                value = value[0]
                value = int(value) if float(value).is_integer() else float(value)
            setattr(self, key, value)

    # -- input for fitted models ----------------------------------------------------------
    def _fitted_model(self):
        model = getattr(self, "_model", None)
        if model is None:
            raise NotFittedError(
                f"This {type(self).__name__} instance is not fitted yet. Call 'fit' with "
                "appropriate arguments before using this estimator."
            )
        return model

    def _check_X(self, X):
        # Fast path: a C-order float64 matrix goes to the native code as it is (which checks
        # the feature count and finiteness with scikit-learn's messages).
        if (
            type(X) is np.ndarray
            and X.dtype == np.float64
            and X.ndim == 2
            and X.flags.c_contiguous
            and not hasattr(self, "feature_names_in_")
        ):
            return X
        allow = "allow-nan" if self._mlkit_tags["allow_nan"] else True
        return validate_data(
            self, X, reset=False, dtype=np.float64, order="C", ensure_all_finite=allow
        )

    # -- persistence: pickling goes through mlkit's model format, never raw memory ------------
    def __getstate__(self):
        state = dict(super().__getstate__())  # a copy: object.__getstate__ returns __dict__
        model = state.pop("_model", None)
        if model is not None:
            state["_mlkit_model"] = model.to_bytes(True)
        return state

    def __setstate__(self, state):
        blob = state.pop("_mlkit_model", None)
        super().__setstate__(state)
        if blob is not None:
            self._model = _mlkit.Model.from_bytes(blob)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        t = self._mlkit_tags
        tags.input_tags.allow_nan = t["allow_nan"]
        tags.input_tags.categorical = t["categorical"]
        tags.target_tags.required = t["requires_y"]
        tags.target_tags.multi_output = t["multi_output"]
        tags.target_tags.positive_only = t["positive_y"]
        return tags


class _Predict:
    def predict(self, X):
        """Predict for each row of X."""
        model = self._fitted_model()
        out = model.predict(self._check_X(X))
        if self._mlkit_tags["kind"] == "classifier":
            return self.classes_[out.ravel().astype(np.intp)]
        return out.ravel() if self._y_ndim == 1 else out


def native_params(est):
    """The parameters for the native model. A classifier's class_weight dict is keyed by labels,
    which become the codes the native model sees (codes into ``est.classes_``); a key that is
    not a class is refused as scikit-learn's compute_class_weight refuses it."""
    params = est.get_params(deep=False)
    cw = params.get("class_weight")
    if isinstance(cw, dict) and hasattr(est, "classes_"):
        classes = list(est.classes_)
        missing = [c for c in classes if c not in cw]
        extra = [k for k in cw if k not in classes]
        if missing and extra:
            raise ValueError(f"The classes, {missing}, are not in class_weight")
        params["class_weight"] = {i: float(cw[c]) for i, c in enumerate(classes) if c in cw}
    return params


def _instance_tags(est):
    """The native tags of an estimator with its current parameters (some depend on them, e.g.
    SGDClassifier has predict_proba only for probabilistic losses); None for bad parameters."""
    params = est.get_params(deep=False)
    if isinstance(params.get("class_weight"), dict):
        params["class_weight"] = None  # keyed by labels; tags do not depend on it
    try:
        return _mlkit.Model.make(est._mlkit_name, params).tags
    except Exception:  # noqa: BLE001 - invalid parameters: report the method as absent
        return None


def _has_predict_proba(est):
    tags = _instance_tags(est)
    return bool(tags and tags["has_predict_proba"])


class _PredictProba:
    @available_if(_has_predict_proba)
    def predict_proba(self, X):
        """Class probabilities, columns in the order of ``classes_``."""
        return self._fitted_model().predict_proba(self._check_X(X))

    @available_if(_has_predict_proba)
    def predict_log_proba(self, X):
        """Logarithm of the class probabilities."""
        with np.errstate(divide="ignore"):
            return np.log(self.predict_proba(X))


class _PartialFitClassifier:
    def partial_fit(self, X, y, classes=None, sample_weight=None):
        """One more pass over X, y from the current model (a new model on the first call);
        ``classes`` (every label) is required on the first call."""
        return _partial_fit(self, X, y, classes, sample_weight)


class _PartialFitRegressor:
    def partial_fit(self, X, y, sample_weight=None):
        """One more pass over X, y from the current model (a new model on the first call)."""
        return _partial_fit(self, X, y, None, sample_weight)


def _partial_fit(self, X, y, classes, sample_weight):
    tags = self._mlkit_tags
    model = getattr(self, "_model", None)
    first = model is None
    classifier = tags["kind"] == "classifier"
    X, y = validate_data(
        self, X, y, reset=first, dtype=np.float64, order="C", y_numeric=not classifier
    )
    native_classes = None
    if classifier:
        if first:
            if classes is None:
                raise ValueError("classes must be passed on the first call to partial_fit.")
            self.classes_ = np.unique(classes)
        elif classes is not None and not np.array_equal(np.unique(classes), self.classes_):
            raise ValueError(
                f"`classes={classes!r}` is not the same as on last call to partial_fit, "
                f"was: {self.classes_!r}"
            )
        check_classification_targets(y)
        codes = np.searchsorted(self.classes_, y)
        bad = (codes >= len(self.classes_)) | (
            self.classes_[np.minimum(codes, len(self.classes_) - 1)] != y
        )
        if np.any(bad):
            raise ValueError(
                f"y contains labels not in classes: {np.unique(np.asarray(y)[bad])!r}"
            )
        y = codes
        native_classes = np.arange(len(self.classes_), dtype=np.float64)
    y = np.ascontiguousarray(y, dtype=np.float64)
    if sample_weight is not None:
        sample_weight = np.ascontiguousarray(
            _check_sample_weight(sample_weight, X, dtype=np.float64)
        )
    if first:
        model = _mlkit.Model.make(self._mlkit_name, native_params(self))
    model.partial_fit(X, y, sample_weight, native_classes if first else None)
    self._adopt(model, y_ndim=1)
    return self


class _DecisionFunction:
    def decision_function(self, X):
        """Decision values."""
        out = self._fitted_model().decision_function(self._check_X(X))
        return out.ravel() if out.shape[1] == 1 else out


class _Transform:
    def transform(self, X):
        """Transform X."""
        return self._fitted_model().transform(self._check_X(X))


class _InverseTransform:
    def inverse_transform(self, X):
        """Map transformed data back to the original space."""
        model = self._fitted_model()
        allow = "allow-nan" if self._mlkit_tags["allow_nan"] else True
        return model.inverse_transform(
            check_array(X, dtype=np.float64, order="C", ensure_all_finite=allow)
        )


class _FitWithoutWeights:
    def fit(self, X, y=None):
        """Fit the model (the estimator does not take sample weights)."""
        return MlkitEstimator.fit(self, X, y)


_MIXINS = {
    "regressor": (RegressorMixin,),
    "classifier": (ClassifierMixin,),
    "transformer": (TransformerMixin,),
    "clusterer": (ClusterMixin,),
}


def validate_fit_input(est, X, y, sample_weight, tags, check_weight_support):
    """X, y and sample_weight checked and converted for a native fit, as scikit-learn's
    validate_data does (``reset=True``: sets n_features_in_ and feature_names_in_). A
    classifier's labels become codes into ``est.classes_``. With ``check_weight_support``, weights
    given to an estimator whose tags say it takes none are a TypeError."""
    allow = "allow-nan" if tags["allow_nan"] else True
    classifier = tags["kind"] == "classifier"
    if tags["requires_y"]:
        X, y = validate_data(
            est,
            X,
            y,
            reset=True,
            dtype=np.float64,
            order="C",
            ensure_all_finite=allow,
            multi_output=tags["multi_output"],
            y_numeric=not classifier,
        )
        if classifier:
            check_classification_targets(y)
            est.classes_, y = np.unique(y, return_inverse=True)
        y = np.ascontiguousarray(y, dtype=np.float64)
    else:
        X = validate_data(est, X, reset=True, dtype=np.float64, order="C", ensure_all_finite=allow)
        y = None
    if sample_weight is not None:
        if check_weight_support and not tags["supports_sample_weight"]:
            raise TypeError(f"{type(est).__name__}.fit does not support sample_weight")
        sample_weight = np.ascontiguousarray(
            _check_sample_weight(sample_weight, X, dtype=np.float64)
        )
    return X, y, sample_weight


def issue_fit_warnings(model):
    """Issue the warnings of a native fit as the scikit-learn warning classes they name
    (ConvergenceWarning, ...); UserWarning for a name scikit-learn does not have."""
    for category, message in model.fit_warnings:
        cls = getattr(sklearn.exceptions, category, UserWarning)
        warnings.warn(message, cls if isinstance(cls, type) else UserWarning, stacklevel=3)


def _docstring(info):
    lines = [info["summary"], "", "Parameters", "----------"]
    for p in info["params"]:
        lines.append(f"{p['name']} : {p['type']}, default={p['default']!r}")
        lines.append(f"    {p['doc']} Accepts {p['accepts']}.")
    lines += ["", f"Native estimator ``{info['name']}`` of mlkit's registry."]
    return "\n".join(lines)


class _TreeMethods:
    """What a fitted decision tree offers beyond predict (scikit-learn's BaseDecisionTree)."""

    def apply(self, X):
        """The leaf (node id) each row of X reaches."""
        return self._fitted_model().tree_apply(self._check_X(X)).ravel().astype(np.intp)

    def decision_path(self, X):
        """A sparse indicator matrix, n_samples × n_nodes: 1 where a row passes a node."""
        import scipy.sparse

        indptr, indices, n_nodes = self._fitted_model().tree_decision_path(self._check_X(X))
        data = np.ones(len(indices), dtype=np.intp)
        return scipy.sparse.csr_matrix(
            (data, np.asarray(indices), np.asarray(indptr)), shape=(len(indptr) - 1, n_nodes)
        )

    def get_depth(self):
        """The depth of the tree (a single leaf has depth 0)."""
        return int(self._fitted_model().tree_depth()[0])

    def get_n_leaves(self):
        """The number of leaves."""
        return int(self._fitted_model().tree_depth()[1])

    def cost_complexity_pruning_path(self, X, y, sample_weight=None):
        """Effective alphas and total leaf impurities of minimal cost-complexity pruning, for a
        tree grown on (X, y) with these parameters (scikit-learn's Bunch of ccp_alphas and
        impurities)."""
        from sklearn.utils import Bunch

        X = check_array(X, dtype=np.float64, ensure_all_finite="allow-nan")
        y = np.asarray(y)
        if self._mlkit_tags["kind"] == "classifier":
            check_classification_targets(y)
            y = np.unique(y, return_inverse=True)[1].astype(np.float64)
        Y = np.ascontiguousarray(y.reshape(len(y), -1), dtype=np.float64)
        w = None if sample_weight is None else _check_sample_weight(sample_weight, X)
        model = _mlkit.Model.make(self._mlkit_name, native_params(self))
        alphas, impurities = model.tree_pruning_path(np.ascontiguousarray(X), Y, w)
        return Bunch(ccp_alphas=np.asarray(alphas), impurities=np.asarray(impurities))


class _ForestMethods:
    """What a fitted forest offers beyond predict (scikit-learn's BaseForest)."""

    def apply(self, X):
        """The leaf (node id) each row of X reaches in each tree, n_samples × n_estimators."""
        return self._fitted_model().tree_apply(self._check_X(X)).astype(np.intp)


def export_text(decision_tree, *, feature_names=None, max_depth=10, decimals=2):
    """The rules of a fitted mlkit decision tree as text, in the layout of
    sklearn.tree.export_text (class labels for classifiers, values for regressors)."""
    model = decision_tree._fitted_model()
    names = [] if feature_names is None else [str(n) for n in feature_names]
    text = model.tree_export_text(names, int(max_depth), int(decimals))
    classes = getattr(decision_tree, "classes_", None)
    if classes is None:
        return text
    # The native tree knows its classes as codes 0 .. k-1; show the labels instead.
    lines = []
    for line in text.split("\n"):
        head, sep, code = line.rpartition("class: ")
        if sep and code.strip().lstrip("-").replace(".", "", 1).isdigit():
            line = head + sep + str(classes[int(float(code))])
        lines.append(line)
    return "\n".join(lines)


_TREE_NAMES = {"decision_tree_classifier", "decision_tree_regressor"}
_FOREST_NAMES = {
    "random_forest_classifier",
    "random_forest_regressor",
    "extra_trees_classifier",
    "extra_trees_regressor",
}


def make_class(info):
    """The Python class of one registry entry."""
    tags = info["tags"]
    bases = list(_MIXINS[tags["kind"]])
    for flag, mixin in (
        ("has_predict", _Predict),
        ("has_decision_function", _DecisionFunction),
        ("has_transform", _Transform),
        ("has_inverse_transform", _InverseTransform),
    ):
        if tags[flag]:
            bases.append(mixin)
    if tags["has_partial_fit"]:
        bases.append(
            _PartialFitClassifier if tags["kind"] == "classifier" else _PartialFitRegressor
        )
    # Every classifier offers predict_proba where its parameters allow (available_if).
    if tags["kind"] == "classifier" or tags["has_predict_proba"]:
        bases.append(_PredictProba)
    # No sample_weight in the signature where it is not supported: scikit-learn's checks (and
    # has_fit_parameter) read the signature.
    if not tags["supports_sample_weight"]:
        bases.append(_FitWithoutWeights)
    if info["name"] in _TREE_NAMES:
        bases.append(_TreeMethods)
    if info["name"] in _FOREST_NAMES:
        bases.append(_ForestMethods)
    bases.append(MlkitEstimator)

    # An explicit keyword-only __init__ that stores each parameter unchanged, as scikit-learn's
    # get_params/clone require; its source is generated from the parameter table.
    names = [p["name"] for p in info["params"]]
    # A list default becomes a tuple: scikit-learn requires immutable defaults (feature_range).
    defaults = {
        f"_d_{n}": tuple(p["default"]) if isinstance(p["default"], list) else p["default"]
        for n, p in zip(names, info["params"])
    }
    args = ", ".join(f"{n}=_d_{n}" for n in names)
    body = "\n".join(f"    self.{n} = {n}" for n in names) or "    pass"
    namespace = dict(defaults)
    signature = f"self, *, {args}" if names else "self"  # an estimator may have no parameter
    exec(f"def __init__({signature}):\n{body}\n", namespace)  # noqa: S102 - generated source
    init = namespace["__init__"]
    init.__doc__ = f"Create a {info['class_name']}; see the class docstring for parameters."

    cls = type(
        info["class_name"],
        tuple(bases),
        {
            "__init__": init,
            "__doc__": _docstring(info),
            "__module__": "mlkit",
            "_mlkit_name": info["name"],
            "_mlkit_tags": tags,
        },
    )
    return cls
