"""scikit-learn's own estimator checks, over every mlkit estimator."""

from sklearn.utils.estimator_checks import parametrize_with_checks

import mlkit

# Checks an mlkit estimator is expected to fail, each with its reason. Keep this near empty.
EXPECTED_FAILED_CHECKS = {}


@parametrize_with_checks(
    [cls() for cls in mlkit.estimators().values()],
    expected_failed_checks=lambda est: EXPECTED_FAILED_CHECKS.get(type(est).__name__, {}),
)
def test_sklearn_compatible_estimator(estimator, check):
    check(estimator)
