"""The committed preprocessing_extra.json still holds what the installed scikit-learn computes,
and mlkit's Python classes reproduce it.

The C++ parity tests read tests/reference/preprocessing_extra.json; this test re-runs the case
builders of tests/reference/make_preprocessing_reference.py live and compares, so a
scikit-learn upgrade that changes a result fails here. Regenerate with
`.venv/bin/python tests/reference/make_preprocessing_reference.py`.
"""

import json
import pathlib
import sys

import numpy as np
import pytest

REFERENCE_DIR = pathlib.Path(__file__).resolve().parents[1] / "reference"
sys.path.insert(0, str(REFERENCE_DIR))

import make_preprocessing_reference  # noqa: E402
from test_reference import assert_same  # noqa: E402

import mlkit  # noqa: E402

COMMITTED = json.loads((REFERENCE_DIR / make_preprocessing_reference.FILENAME).read_text())
LIVE = make_preprocessing_reference.build()


def _array(value):
    special = {"NaN": np.nan, "Infinity": np.inf, "-Infinity": -np.inf}
    if isinstance(value, list):
        return np.array(
            [_array(v) if isinstance(v, list) else special.get(v, v) for v in value], dtype=float
        )
    return np.float64(special.get(value, value))


@pytest.mark.parametrize("estimator", sorted(make_preprocessing_reference.BUILDERS))
def test_reference_matches_live_scikit_learn(estimator):
    assert_same(COMMITTED[estimator], LIVE[estimator], estimator)


@pytest.mark.parametrize("estimator", sorted(make_preprocessing_reference.BUILDERS))
def test_mlkit_matches_live_scikit_learn(estimator):
    cls = getattr(mlkit, estimator)
    for case in LIVE[estimator]:
        params = {k: tuple(v) if isinstance(v, list) else v for k, v in case["params"].items()}
        weight = case.get("sample_weight")
        est = cls(**params).fit(_array(case["X"]),
                                **({} if weight is None else {"sample_weight": _array(weight)}))
        for key, expected in case.items():
            if key in {"name", "params", "X", "Z", "transform", "transform_Z",
                       "inverse_transform", "inverse_input", "sample_weight"}:
                continue
            actual = getattr(est, key)
            if expected is None:
                assert actual is None, (case["name"], key)
                continue
            if isinstance(actual, np.ndarray) and actual.dtype == object:
                # One array per feature (bin edges, categories).
                assert len(actual) == len(expected), (case["name"], key)
                for a, e in zip(actual, expected):
                    np.testing.assert_allclose(a, _array(e), rtol=1e-10, atol=1e-12,
                                               err_msg=f"{case['name']} {key}")
                continue
            np.testing.assert_allclose(
                actual, _array(expected), rtol=1e-10, atol=1e-12, err_msg=f"{case['name']} {key}"
            )
        Z = _array(case["Z"])
        np.testing.assert_allclose(est.transform(_array(case["X"])), _array(case["transform"]),
                                   rtol=1e-10, atol=1e-12, err_msg=case["name"])
        np.testing.assert_allclose(est.transform(Z), _array(case["transform_Z"]), rtol=1e-10,
                                   atol=1e-12, err_msg=case["name"])
        if "inverse_transform" in case:
            Zi = _array(case.get("inverse_input", case["Z"]))
            np.testing.assert_allclose(est.inverse_transform(Zi),
                                       _array(case["inverse_transform"]), rtol=1e-10, atol=1e-12,
                                       err_msg=case["name"])


def test_reference_file_is_small():
    assert (REFERENCE_DIR / make_preprocessing_reference.FILENAME).stat().st_size < 200_000
