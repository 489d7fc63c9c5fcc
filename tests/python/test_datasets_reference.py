"""The bundled CSV files hold exactly scikit-learn's data sets, and the committed checksums are
still what scikit-learn gives."""

import json
import pathlib
import sys

import numpy as np
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "reference"))
import make_datasets_reference  # noqa: E402


def test_committed_checksums_match_scikit_learn():
    committed = json.loads((ROOT / "tests/reference/datasets.json").read_text())
    assert committed == make_datasets_reference.build()


@pytest.mark.parametrize("name", sorted(make_datasets_reference.LOADERS))
def test_bundled_csv_equals_scikit_learn(name):
    d = make_datasets_reference.LOADERS[name]()
    table = np.loadtxt(ROOT / "datasets" / f"{name}.csv", delimiter=",", skiprows=1)
    header = (ROOT / "datasets" / f"{name}.csv").read_text().splitlines()[0].split(",")
    assert header == [str(f) for f in d.feature_names] + ["target"]
    np.testing.assert_array_equal(table[:, :-1], d.data)
    np.testing.assert_array_equal(table[:, -1], d.target)
