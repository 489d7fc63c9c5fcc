"""mlkit's composite estimators: Pipeline, ColumnTransformer and FeatureUnion.

Each takes mlkit estimators as its parts and runs as one native composite: fit, predict and
transform go through the whole chain in C++, without a round trip to Python between steps. The
parts stay the objects the caller passed (fit does not modify them, as scikit-learn's rule for
parameters asks); the fitted parts are copies, reached through ``named_steps`` (Pipeline),
``transformers_``/``named_transformers_`` (ColumnTransformer) and ``named_transformers``
(FeatureUnion) once fitted. To mix in estimators that are not mlkit's, use scikit-learn's own
composites, which accept mlkit estimators as parts.
"""

from __future__ import annotations

import json
import numbers

import numpy as np
from sklearn.base import TransformerMixin, clone
from sklearn.metrics import accuracy_score, r2_score
from sklearn.utils import Bunch, ClassifierTags, RegressorTags, TransformerTags
from sklearn.utils.metaestimators import available_if
from sklearn.utils.validation import check_array

from . import _mlkit
from ._base import MlkitEstimator, validate_fit_input

_KEYWORDS = ("passthrough", "drop")
_SKLEARN_ALTERNATIVE = {
    "Pipeline": "sklearn.pipeline.Pipeline",
    "ColumnTransformer": "sklearn.compose.ColumnTransformer",
    "FeatureUnion": "sklearn.pipeline.FeatureUnion",
}


class _Context:
    """What a composite needs to know about X to resolve its parts' columns. A lenient context
    (for tags, before the data are known) resolves what it cannot to no columns."""

    def __init__(self, X_raw=None, n_features=None, feature_names=(), lenient=False):
        self.X_raw = X_raw
        self.n_features = n_features
        self.feature_names = feature_names
        self.lenient = lenient


_LENIENT = _Context(lenient=True)


def native(estimator, ctx=None, *, owner=None, part=None):
    """The unfitted native model of an mlkit estimator (composites built from their parts)."""
    if isinstance(estimator, _Composite):
        return estimator._build(ctx)
    if isinstance(estimator, MlkitEstimator):
        return _mlkit.Model.make(estimator._mlkit_name, estimator.get_params(deep=False))
    if owner is None:
        raise TypeError(
            f"{type(estimator).__name__} is not an mlkit estimator; mlkit's cross-validation and "
            "searches run mlkit estimators only. Use sklearn.model_selection for other estimators."
        )
    raise TypeError(
        f"mlkit.{owner} runs every part in C++ and takes mlkit estimators (or "
        f"{' or '.join(repr(k) for k in _keywords(owner))}); part {part!r} is "
        f"{type(estimator).__module__}.{type(estimator).__qualname__}. Use "
        f"{_SKLEARN_ALTERNATIVE[owner]} to combine other estimators."
    )


def _keywords(owner):
    return ("passthrough",) if owner == "Pipeline" else _KEYWORDS


def _is_keyword(part, owner):
    return part is None and owner == "Pipeline" or (isinstance(part, str) and part in _KEYWORDS)


def _keyword(part):
    return "passthrough" if part is None else part


def from_native(model):
    """A Python estimator for a native model (fitted when the model is), for model files."""
    cls = _COMPOSITES.get(model.name)
    if cls is None:
        from . import _CLASSES  # the generated classes, by registry name

        est = _CLASSES[model.name](**model.params())
    else:
        est = cls._from_spec(json.loads(model.spec_json()), model.parts())
    if model.fitted:
        est._adopt(model, y_ndim=None)
    return est


class _Composite(MlkitEstimator):
    """What the three composites share: deep parameters, native building, fitting."""

    _parts_attr = ""

    # -- parameters: `part__param`, as scikit-learn's composites ------------------------------
    def _parts(self):
        return [(p[0], p[1]) for p in getattr(self, self._parts_attr)]

    def get_params(self, deep=True):
        out = super().get_params(deep=False)
        if not deep:
            return out
        try:
            parts = self._parts()
        except (TypeError, ValueError, IndexError):
            return out
        for name, est in parts:
            out[name] = est
            if hasattr(est, "get_params") and not isinstance(est, type):
                for key, value in est.get_params(deep=True).items():
                    out[f"{name}__{key}"] = value
        return out

    def set_params(self, **params):
        if not params:
            return self
        if self._parts_attr in params:
            setattr(self, self._parts_attr, params.pop(self._parts_attr))
        try:
            names = [name for name, _ in self._parts()]
        except (TypeError, ValueError, IndexError):  # parts not yet valid: fit will say so
            names = []
        for key in list(params):
            if "__" not in key and key in names:
                self._replace_part(key, params.pop(key))
        return super().set_params(**params)

    def _replace_part(self, name, value):
        parts = list(getattr(self, self._parts_attr))
        for i, p in enumerate(parts):
            if p[0] == name:
                parts[i] = (p[0], value, *p[2:])
        setattr(self, self._parts_attr, parts)

    def _check_parts(self):
        owner = type(self).__name__
        parts = getattr(self, self._parts_attr)
        if not isinstance(parts, (list, tuple)) or not parts:
            raise ValueError(f"{owner} needs a non-empty list of parts; got {parts!r}.")
        width = 3 if owner == "ColumnTransformer" else 2
        for p in parts:
            if not isinstance(p, tuple) or len(p) != width or not isinstance(p[0], str):
                shape = "(name, transformer, columns)" if width == 3 else "(name, estimator)"
                raise TypeError(f"Each part of {owner} must be a tuple {shape}; got {p!r}.")

    def _part_models(self, ctx_for):
        owner = type(self).__name__
        out = []
        for i, (name, est) in enumerate(self._parts()):
            if _is_keyword(est, owner):
                out.append(_keyword(est))
            else:
                out.append(native(est, ctx_for(i), owner=owner, part=name))
        return out

    # -- tags -------------------------------------------------------------------------------
    @property
    def _mlkit_tags(self):
        model = getattr(self, "_model", None)
        if model is not None:
            return model.tags
        try:
            return self._build(_LENIENT).tags
        except (TypeError, ValueError):  # parts that are not mlkit's: fit will say so
            return _mlkit.Model.make_feature_union([]).tags

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        t = self._mlkit_tags
        tags.estimator_type = t["kind"] if t["kind"] != "transformer" else None
        if t["kind"] == "regressor":
            tags.regressor_tags = RegressorTags()
        elif t["kind"] == "classifier":
            tags.classifier_tags = ClassifierTags()
        if t["has_transform"]:
            tags.transformer_tags = TransformerTags()
        # NaN passes only where every part takes it (the native tags let NaN through to the
        # parts, which reject it with their own message).
        owner = type(self).__name__
        try:
            tags.input_tags.allow_nan = all(
                s.__sklearn_tags__().input_tags.allow_nan
                for _, s in self._parts()
                if not _is_keyword(s, owner)
            )
        except (TypeError, ValueError, IndexError, AttributeError):
            pass
        return tags

    # -- fitting ----------------------------------------------------------------------------
    def fit(self, X, y=None, sample_weight=None):
        """Fit every part in C++; ``sample_weight`` goes to each part that accepts weights."""
        self._check_parts()
        ctx_tags = self._build(_LENIENT).tags
        X_raw = X
        X, y, sample_weight = validate_fit_input(
            self, X, y, sample_weight, ctx_tags, check_weight_support=False
        )
        names = [str(n) for n in getattr(self, "feature_names_in_", [])]
        model = self._build(_Context(X_raw, X.shape[1], names))
        model.fit(X, y, sample_weight, names)
        self._adopt(model, y_ndim=None if y is None else y.ndim)
        return self

    def _adopt(self, model, y_ndim):
        self._model = model
        self._y_ndim = y_ndim if y_ndim is not None else (1 if model.n_targets == 1 else 2)
        self.n_features_in_ = model.n_features_in
        fitted = []
        parts = self._parts()
        for k, (name, part_model) in enumerate(model.parts()):
            template = parts[k][1] if k < len(parts) else None
            if part_model is None:
                fitted.append((name, _keyword(template) if template is not None else "drop"))
                continue
            last = k == len(parts) - 1
            est = clone(template) if isinstance(template, MlkitEstimator) else None
            if est is None:
                est = from_native(part_model)
            else:
                est._adopt(part_model, y_ndim=self._y_ndim if last else None)
            if last and hasattr(self, "classes_") and est._mlkit_tags["kind"] == "classifier":
                est.classes_ = self.classes_
            fitted.append((name, est))
        self._fitted_parts = fitted
        self._adopt_extra(model)

    def _adopt_extra(self, model):
        pass

    @classmethod
    def _from_spec(cls, spec, parts):
        raise NotImplementedError

    # -- using the fitted composite ----------------------------------------------------------
    def _output(self, out):
        return out.ravel() if self._y_ndim == 1 else out


def _part_from_spec(component, part_model):
    if part_model is None:
        return component["estimator"]
    return clone(from_native(part_model))


def _final_has(attr):
    def check(self):
        last = self.steps[-1][1]
        if last is None or last == "passthrough":
            return attr in ("transform", "inverse_transform", "fit_transform")
        return hasattr(last, attr)

    return check


def _all_have(attr):
    def check(self):
        return all(s is None or s == "passthrough" or hasattr(s, attr) for _, s in self.steps)

    return check


class Pipeline(_Composite):
    """A chain of mlkit transformers ending in any mlkit estimator, run as one native pipeline.

    Parameters
    ----------
    steps : list of (name, estimator) tuples
        mlkit estimators, or ``"passthrough"``/``None`` for an identity step. Every step but the
        last must transform. Parameters of the steps are ``<step>__<param>``.

    Unlike scikit-learn's Pipeline, fit leaves the step objects unfitted; the fitted steps are
    in ``named_steps`` (and ``pipe[name]``, ``pipe[i]``) after fit.
    """

    _parts_attr = "steps"

    def __init__(self, steps):
        self.steps = steps

    def _build(self, ctx):
        self._check_parts()
        first = next(
            (i for i, (_, s) in enumerate(self._parts()) if not _is_keyword(s, "Pipeline")), 0
        )
        return _mlkit.Model.make_pipeline(
            list(
                zip(
                    [n for n, _ in self._parts()],
                    self._part_models(lambda i: ctx if i == first or ctx is _LENIENT else None),
                )
            )
        )

    @classmethod
    def _from_spec(cls, spec, parts):
        return cls(
            steps=[
                (c["name"], _part_from_spec(c, pm)) for c, (_, pm) in zip(spec["components"], parts)
            ]
        )

    @property
    def named_steps(self):
        """The steps by name: the fitted ones once fitted."""
        return Bunch(**dict(getattr(self, "_fitted_parts", None) or self._parts()))

    @property
    def _final_estimator(self):
        return self.named_steps[self._parts()[-1][0]]

    def __len__(self):
        return len(self.steps)

    def __getitem__(self, ind):
        if isinstance(ind, slice):
            if ind.step not in (1, None):
                raise ValueError("Pipeline slicing only supports a step of 1")
            return Pipeline(self.steps[ind])
        if isinstance(ind, numbers.Integral):
            return self.named_steps[self._parts()[ind][0]]
        return self.named_steps[ind]

    def _kind(self):
        return self._mlkit_tags["kind"]

    @available_if(_final_has("predict"))
    def predict(self, X):
        """Predict through every step."""
        out = self._fitted_model().predict(self._check_X(X))
        if self._kind() == "classifier":
            return self.classes_[out.ravel().astype(np.intp)]
        return self._output(out)

    @available_if(_final_has("predict_proba"))
    def predict_proba(self, X):
        """Class probabilities of the last step, on the transformed X."""
        return self._fitted_model().predict_proba(self._check_X(X))

    @available_if(_final_has("decision_function"))
    def decision_function(self, X):
        """Decision values of the last step, on the transformed X."""
        out = self._fitted_model().decision_function(self._check_X(X))
        return out.ravel() if out.shape[1] == 1 else out

    @available_if(_final_has("transform"))
    def transform(self, X):
        """Transform X through every step."""
        return self._fitted_model().transform(self._check_X(X))

    @available_if(_final_has("fit_transform"))
    def fit_transform(self, X, y=None, sample_weight=None):
        """Fit, then transform X through every step."""
        return self.fit(X, y, sample_weight=sample_weight).transform(X)

    @available_if(_all_have("inverse_transform"))
    def inverse_transform(self, X):
        """Map X back through every step, last step first."""
        model = self._fitted_model()
        allow = "allow-nan" if self._mlkit_tags["allow_nan"] else True
        return model.inverse_transform(
            check_array(X, dtype=np.float64, order="C", ensure_all_finite=allow)
        )

    @available_if(_final_has("score"))
    def score(self, X, y, sample_weight=None):
        """The last step's score: R² for a regressor, accuracy for a classifier."""
        if self._kind() == "classifier":
            return accuracy_score(y, self.predict(X), sample_weight=sample_weight)
        if self._kind() == "regressor":
            return r2_score(y, self.predict(X), sample_weight=sample_weight)
        raise AttributeError("the last step of this Pipeline has no score")


def _resolve_columns(columns, ctx, name):
    """A ColumnTransformer part's columns as a list of ints or a list of strings."""
    if ctx is not None and ctx.lenient:
        ctx = None
    if callable(columns):
        if ctx is None:
            raise ValueError(f"ColumnTransformer part {name!r}: callable columns need the data")
        columns = columns(ctx.X_raw)
    if isinstance(columns, (numbers.Integral, str)):
        columns = [columns]
    if isinstance(columns, slice):
        if ctx is None:
            raise ValueError(
                f"ColumnTransformer part {name!r}: a slice of columns is resolved against the "
                "data; inside a pipeline after other steps give a list of column indices."
            )
        if isinstance(columns.start, str) or isinstance(columns.stop, str):
            names = list(ctx.feature_names)
            start = 0 if columns.start is None else names.index(columns.start)
            stop = len(names) if columns.stop is None else names.index(columns.stop) + 1
            return names[start:stop]
        return list(range(ctx.n_features))[columns]
    arr = np.asarray(columns)
    if arr.dtype == bool:
        if ctx is None:
            raise ValueError(f"ColumnTransformer part {name!r}: a boolean mask needs the data")
        if arr.shape != (ctx.n_features,):
            raise ValueError(
                f"ColumnTransformer part {name!r}: the boolean mask has {arr.size} entries "
                f"for {ctx.n_features} columns"
            )
        return [int(i) for i in np.flatnonzero(arr)]
    values = list(arr.tolist()) if arr.ndim == 1 else list(columns)
    if all(isinstance(v, str) for v in values):
        return values
    if all(isinstance(v, numbers.Integral) and not isinstance(v, bool) for v in values):
        return [int(v) for v in values]
    raise ValueError(
        f"ColumnTransformer part {name!r}: columns must be ints, strings, a slice, a boolean "
        f"mask or a callable; got {columns!r}"
    )


class ColumnTransformer(TransformerMixin, _Composite):
    """Different mlkit transformers on different columns, outputs side by side, run in C++.

    Parameters
    ----------
    transformers : list of (name, transformer, columns) tuples
        mlkit transformers, or ``"passthrough"``/``"drop"``. Columns are indices or names (of a
        DataFrame's columns), a slice, a boolean mask or a callable of X; a single index or name
        is a one-column selection (a 2-D block, unlike scikit-learn's 1-D vector).
    remainder : {"drop", "passthrough"}, default="drop"
        What happens to the columns no transformer selects.
    """

    _parts_attr = "transformers"

    def __init__(self, transformers, *, remainder="drop"):
        self.transformers = transformers
        self.remainder = remainder

    def _build(self, ctx):
        self._check_parts()
        if not isinstance(self.remainder, str):
            raise TypeError(
                "mlkit.ColumnTransformer's remainder must be 'drop' or 'passthrough'; use "
                "sklearn.compose.ColumnTransformer for an estimator as remainder."
            )
        models = self._part_models(lambda i: _LENIENT if ctx is _LENIENT else None)
        parts = []
        for (name, _, cols), model in zip(self.transformers, models):
            if ctx is _LENIENT:
                try:
                    resolved = _resolve_columns(cols, None, name)
                except ValueError:
                    resolved = []
            else:
                resolved = _resolve_columns(cols, ctx, name)
            parts.append((name, model, resolved))
        return _mlkit.Model.make_column_transformer(parts, self.remainder)

    @classmethod
    def _from_spec(cls, spec, parts):
        return cls(
            transformers=[
                (c["name"], _part_from_spec(c, pm), c["columns"])
                for c, (_, pm) in zip(spec["components"], parts)
            ],
            remainder=spec["params"].get("remainder", "drop"),
        )

    def _adopt_extra(self, model):
        state = json.loads(model.state_json())
        self._fitted_columns = state.get("fitted_columns", [])
        remainder = [int(i) for i in state.get("remainder_columns", [])]
        self.transformers_ = [
            (name, est, self.transformers[k][2] if k < len(self.transformers) else cols)
            for k, ((name, est), cols) in enumerate(zip(self._fitted_parts, self._fitted_columns))
        ]
        if remainder:
            self.transformers_.append(("remainder", self.remainder, remainder))

    @property
    def named_transformers_(self):
        """The fitted transformers by name."""
        return Bunch(**{t[0]: t[1] for t in self.transformers_})

    def transform(self, X):
        """Transform each part's columns and put the outputs side by side."""
        return self._fitted_model().transform(self._check_X(X))


class FeatureUnion(TransformerMixin, _Composite):
    """Several mlkit transformers on the same input, outputs side by side, run in C++.

    Parameters
    ----------
    transformer_list : list of (name, transformer) tuples
        mlkit transformers, or ``"passthrough"``/``"drop"``.
    """

    _parts_attr = "transformer_list"

    def __init__(self, transformer_list):
        self.transformer_list = transformer_list

    def _build(self, ctx):
        self._check_parts()
        return _mlkit.Model.make_feature_union(
            list(zip([n for n, _ in self._parts()], self._part_models(lambda i: ctx)))
        )

    @classmethod
    def _from_spec(cls, spec, parts):
        return cls(
            transformer_list=[
                (c["name"], _part_from_spec(c, pm)) for c, (_, pm) in zip(spec["components"], parts)
            ]
        )

    @property
    def named_transformers(self):
        """The transformers by name: the fitted ones once fitted."""
        return Bunch(**dict(getattr(self, "_fitted_parts", None) or self._parts()))

    def transform(self, X):
        """Transform X by every part and put the outputs side by side."""
        return self._fitted_model().transform(self._check_X(X))


_COMPOSITES = {
    "pipeline": Pipeline,
    "column_transformer": ColumnTransformer,
    "feature_union": FeatureUnion,
}
for _cls in _COMPOSITES.values():
    _cls.__module__ = "mlkit"
del _cls
