"""mlkit: classical machine learning in C++, as drop-in scikit-learn estimators.

Every estimator of mlkit's native registry is a class here (``mlkit.LinearRegression``,
``mlkit.StandardScaler``, ...), usable inside scikit-learn's pipelines, searches and
cross-validation. mlkit's own composites (``mlkit.Pipeline``, ``mlkit.ColumnTransformer``,
``mlkit.FeatureUnion``) and ``mlkit.model_selection`` run whole chains, cross-validation and
searches in C++, in parallel, with the GIL released. Inputs are NumPy arrays or pandas DataFrames; a C-order float64 array reaches
the native code without a copy, anything else is converted first.
"""

from . import _mlkit
from ._base import MlkitEstimator, make_class
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


__all__ = ["estimators", "load", "save", "cuda_available", "set_num_threads", "get_num_threads"]
__all__ += ["Pipeline", "ColumnTransformer", "FeatureUnion", "make_pipeline", "model_selection"]
__all__ += [cls.__name__ for cls in _CLASSES.values()]
