"""The committed reference files still hold what the installed scikit-learn computes.

The C++ parity tests read tests/reference/*.json; this test re-runs the case builders of
tests/reference/make_reference.py live and compares, so a scikit-learn upgrade that changes a
result (or an edit of the script that was not followed by a re-run) fails here instead of
leaving the C++ tests checking stale numbers. Regenerate with
`.venv/bin/python tests/reference/make_reference.py`.
"""

import json
import math
import pathlib
import sys

import pytest

REFERENCE_DIR = pathlib.Path(__file__).resolve().parents[1] / "reference"
sys.path.insert(0, str(REFERENCE_DIR))

import make_reference  # noqa: E402

# The C++ parity tests hold mlkit to these numbers at 1e-6 relative or tighter; a reference is
# stale when scikit-learn moves by more than a tenth of that. Finer differences are not a change
# of scikit-learn: OpenBLAS picks its kernels by CPU, and on ill-conditioned cases (collinear
# columns, active-set NNLS) the rounding differs between machines by up to ~1e-8 relative.
RTOL = 1e-7
# Values that should be zero (singular values of rank-deficient matrices, centred constant
# columns) are rounding noise whose size depends on the BLAS/LAPACK build.
ATOL = 1e-14


def assert_same(expected, actual, where):
    """Recursive comparison: numbers to RTOL relative, everything else exactly."""
    if isinstance(expected, dict):
        assert isinstance(actual, dict), where
        assert sorted(expected) == sorted(actual), f"{where}: keys differ"
        for key in expected:
            assert_same(expected[key], actual[key], f"{where}.{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list), where
        assert len(expected) == len(actual), f"{where}: length {len(actual)} != {len(expected)}"
        for i, (e, a) in enumerate(zip(expected, actual)):
            assert_same(e, a, f"{where}[{i}]")
    elif isinstance(expected, bool) or expected is None or isinstance(expected, str):
        assert actual == expected, f"{where}: {actual!r} != {expected!r}"
    elif isinstance(expected, (int, float)):
        assert isinstance(actual, (int, float)) and not isinstance(actual, bool), where
        assert math.isclose(actual, expected, rel_tol=RTOL, abs_tol=ATOL), (
            f"{where}: scikit-learn now gives {actual!r}, the reference holds {expected!r}"
        )
    else:
        raise TypeError(f"{where}: unexpected {type(expected).__name__}")


@pytest.mark.parametrize("filename", sorted(make_reference.BUILDERS))
def test_reference_matches_live_scikit_learn(filename):
    committed = json.loads((REFERENCE_DIR / filename).read_text())
    committed.pop("meta")
    assert_same(committed, make_reference.build(filename), filename)


def test_reference_files_are_small():
    for filename in make_reference.BUILDERS:
        assert (REFERENCE_DIR / filename).stat().st_size < 100_000, filename
