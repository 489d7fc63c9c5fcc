import pytest

import mlkit


@pytest.fixture(params=sorted(mlkit.estimators()), ids=str)
def estimator_class(request):
    """Every generated mlkit class."""
    return mlkit.estimators()[request.param]
