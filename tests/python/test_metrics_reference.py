"""The committed metrics reference still holds what the installed scikit-learn computes.

The C++ metrics tests read tests/reference/metrics_extra.json; this test re-runs the builder of
tests/reference/make_metrics_reference.py live and compares (numbers to 1e-12 relative, text
such as classification reports exactly). Regenerate with
`.venv/bin/python tests/reference/make_metrics_reference.py`.
"""

import json
import pathlib
import sys
import warnings

REFERENCE_DIR = pathlib.Path(__file__).resolve().parents[1] / "reference"
sys.path.insert(0, str(REFERENCE_DIR))
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

import make_metrics_reference  # noqa: E402
from test_reference import assert_same  # noqa: E402


def test_metrics_reference_matches_live_scikit_learn():
    path = REFERENCE_DIR / make_metrics_reference.FILENAME
    committed = json.loads(path.read_text())
    committed.pop("meta")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # undefined-metric warnings of the zero-division cases
        live = make_metrics_reference.build()
    assert_same(committed, live, make_metrics_reference.FILENAME)


def test_metrics_reference_is_small():
    assert (REFERENCE_DIR / make_metrics_reference.FILENAME).stat().st_size < 100_000
