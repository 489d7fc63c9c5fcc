"""The committed folds are still what scikit-learn's deterministic splitters give."""

import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "reference"))
import make_split_reference  # noqa: E402


def test_committed_folds_match_scikit_learn():
    committed = json.loads((ROOT / "tests/reference/splits.json").read_text())
    assert committed == json.loads(json.dumps(make_split_reference.build()))
