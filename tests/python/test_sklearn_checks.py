"""scikit-learn's own estimator checks, over every mlkit estimator."""

from sklearn.utils.estimator_checks import parametrize_with_checks

import mlkit

# Checks an mlkit estimator is expected to fail, each with its reason. Keep this near empty.
_CATEGORICAL_TAG = (
    "scikit-learn rounds the check's data to integers only for estimators tagged "
    "input_tags.categorical; mlkit's Tags do not carry that tag yet, so the held-out continuous "
    "values are unknown categories and transform raises (handle_unknown='error', as "
    "scikit-learn's own encoders would on that data)"
)
EXPECTED_FAILED_CHECKS = {
    "OrdinalEncoder": {"check_fit_idempotent": _CATEGORICAL_TAG},
    "OneHotEncoder": {"check_fit_idempotent": _CATEGORICAL_TAG},
    "LabelEncoder": {"check_fit_idempotent": _CATEGORICAL_TAG},
}


@parametrize_with_checks(
    [cls() for cls in mlkit.estimators().values()],
    expected_failed_checks=lambda est: EXPECTED_FAILED_CHECKS.get(type(est).__name__, {}),
)
def test_sklearn_compatible_estimator(estimator, check):
    check(estimator)
