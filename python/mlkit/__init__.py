"""mlkit: classical machine learning in C++, as drop-in scikit-learn estimators.

Every estimator of mlkit's native registry is a class here (``mlkit.LinearRegression``,
``mlkit.StandardScaler``, ...), usable inside scikit-learn's pipelines, searches and
cross-validation. mlkit's own composites (``mlkit.Pipeline``, ``mlkit.ColumnTransformer``,
``mlkit.FeatureUnion``) and ``mlkit.model_selection`` run whole chains, cross-validation and
searches in C++, in parallel, with the GIL released. Inputs are NumPy arrays or pandas DataFrames; a C-order float64 array reaches
the native code without a copy, anything else is converted first.
"""

from . import _mlkit
from ._base import MlkitEstimator, export_text, make_class
from ._compose import ColumnTransformer, FeatureUnion, Pipeline, from_native

__version__ = _mlkit.version()
cuda_available = _mlkit.cuda_available
set_num_threads = _mlkit.set_num_threads
get_num_threads = _mlkit.get_num_threads

_REGISTRY = _mlkit.registry()
_CLASSES = {}
for _info in _REGISTRY:
    _CLASSES[_info["name"]] = globals()[_info["class_name"]] = make_class(_info)
del _info


def enet_path(X, y, *, l1_ratio=0.5, eps=1e-3, alphas=100, precompute="auto", coef_init=None,
              return_n_iter=False, positive=False, max_iter=1000, tol=1e-4, selection="cyclic",
              random_state=None):
    """Elastic-net path by coordinate descent, as scikit-learn's ``enet_path`` (dense X, one
    target; no intercept: centre X and y first). ``alphas`` is a count of penalties on the
    geometric grid from alpha_max down to ``eps * alpha_max``, or the penalties themselves.
    Returns ``alphas, coefs, dual_gaps`` (and ``n_iters`` with ``return_n_iter``), ``coefs`` of
    shape (n_features, n_alphas)."""
    import numpy as np

    X = np.ascontiguousarray(X, dtype=np.float64)
    y = np.ascontiguousarray(y, dtype=np.float64)
    if X.ndim != 2 or y.ndim != 1:
        raise ValueError("enet_path takes a 2-D X and a 1-D y")
    if isinstance(alphas, (int, np.integer)) and not isinstance(alphas, bool):
        n_alphas, given = int(alphas), []
    else:
        n_alphas, given = 100, [float(a) for a in np.ravel(alphas)]
    pre = None if isinstance(precompute, str) and precompute == "auto" else bool(precompute)
    init = None if coef_init is None else np.ascontiguousarray(coef_init, dtype=np.float64)
    a, coefs, gaps, n_iters = _mlkit.enet_path(
        X, y, float(l1_ratio), float(eps), n_alphas, given, pre, int(max_iter), float(tol),
        bool(positive), selection, random_state, init, True)
    return (a, coefs, gaps, list(n_iters)) if return_n_iter else (a, coefs, gaps)


def lasso_path(X, y, *, eps=1e-3, alphas=100, precompute="auto", coef_init=None,
               return_n_iter=False, positive=False, max_iter=1000, tol=1e-4, selection="cyclic",
               random_state=None):
    """Lasso path: :func:`enet_path` with ``l1_ratio=1``."""
    return enet_path(X, y, l1_ratio=1.0, eps=eps, alphas=alphas, precompute=precompute,
                     coef_init=coef_init, return_n_iter=return_n_iter, positive=positive,
                     max_iter=max_iter, tol=tol, selection=selection, random_state=random_state)


def estimators():
    """The generated estimator classes, by registry name."""
    return dict(_CLASSES)


def save(estimator, path):
    """Save a fitted mlkit estimator as a model file (``.json`` text or ``.mlkb`` binary).

    The file holds the native model: parameters and learned state. Python-side extras (feature
    names of a DataFrame, non-numeric class labels) are kept by pickling, not by this file.
    """
    if not isinstance(estimator, MlkitEstimator):
        raise TypeError("mlkit.save takes an mlkit estimator")
    estimator._fitted_model().save(str(path))


def load(path):
    """Load a model file written by mlkit (from C++, the command line or Python).

    Loading parses and validates data only; it never executes code from the file.
    """
    return from_native(_mlkit.Model.load(str(path)))


def make_pipeline(*steps):
    """A :class:`Pipeline` of the given mlkit estimators, named after their classes (lower case),
    as scikit-learn's make_pipeline."""
    names = [s if isinstance(s, str) else type(s).__name__.lower() for s in steps]
    counts = {n: names.count(n) for n in names}
    seen = {}
    for i, n in enumerate(names):
        if counts[n] > 1:
            seen[n] = seen.get(n, 0) + 1
            names[i] = f"{n}-{seen[n]}"
    return Pipeline(list(zip(names, steps)))


from . import model_selection  # noqa: E402 - needs the classes above


__all__ = ["estimators", "export_text", "load", "save", "cuda_available", "set_num_threads"]
__all__ += ["get_num_threads"]
__all__ += ["Pipeline", "ColumnTransformer", "FeatureUnion", "make_pipeline", "model_selection"]
__all__ += [cls.__name__ for cls in _CLASSES.values()]
