"""mlkit: classical machine learning in C++, as drop-in scikit-learn estimators.

Every estimator of mlkit's native registry is a class here (``mlkit.LinearRegression``,
``mlkit.StandardScaler``, ...), usable inside scikit-learn's pipelines, searches and
cross-validation. Inputs are NumPy arrays or pandas DataFrames; a C-order float64 array reaches
the native code without a copy, anything else is converted first.
"""

from . import _mlkit
from ._base import MlkitEstimator, make_class

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
    model = _mlkit.Model.load(str(path))
    cls = _CLASSES[model.name]
    est = cls(**model.params())
    est._adopt(model, y_ndim=None)
    return est


__all__ = ["estimators", "load", "save", "cuda_available", "set_num_threads", "get_num_threads"]
__all__ += [cls.__name__ for cls in _CLASSES.values()]
