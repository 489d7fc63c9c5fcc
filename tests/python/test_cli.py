"""End-to-end tests of the `mlkit` command line, run as a subprocess on CSV files in tmp_path.

The binary is $MLKIT_CLI, or build/mlkit of the repository. Results are compared with
scikit-learn's on the same data, folds and grids; every error path must exit with the documented
code (1 runtime, 2 usage), print one line on stderr naming the problem and leave no output file.
"""

import json
import os
import pathlib
import pty
import subprocess

import numpy as np
import pandas as pd
import pytest
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LinearRegression
from sklearn.metrics import mean_squared_error, r2_score
from sklearn.model_selection import GridSearchCV, KFold, cross_val_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

ROOT = pathlib.Path(__file__).resolve().parents[2]
MLKIT = os.environ.get("MLKIT_CLI", str(ROOT / "build" / "mlkit"))
DIABETES = ROOT / "datasets" / "diabetes.csv"

RUNTIME_ERROR = 1
USAGE_ERROR = 2


def run(*args, **kwargs):
    return subprocess.run(
        [MLKIT, *map(str, args)], capture_output=True, text=True, timeout=300, **kwargs
    )


def ok(*args):
    p = run(*args)
    assert p.returncode == 0, p.stderr
    return p


def fails(code, *args, mentions=()):
    """Runs a command that must fail with `code` and one clear line on stderr."""
    p = run(*args)
    assert p.returncode == code, (p.returncode, p.stdout, p.stderr)
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("mlkit: "), p.stderr
    for word in mentions:
        assert word in lines[0], (word, lines[0])
    return lines[0]


def as_json(*args):
    return json.loads(ok("--json", *args).stdout)


def no_leftovers(folder):
    """No temporary file of an atomic write is left behind."""
    return not [p for p in pathlib.Path(folder).iterdir() if ".tmp." in p.name]


@pytest.fixture(scope="module")
def diabetes():
    return pd.read_csv(DIABETES)


@pytest.fixture
def mixed(tmp_path):
    """A regression table with a string id, a string (categorical) column and numeric ones."""
    rng = np.random.default_rng(0)
    n = 300
    color = rng.choice(["red", "green", "blue"], size=n)
    x = rng.normal(size=n)
    z = rng.normal(size=n)
    shift = pd.Series(color).map({"red": 1.0, "green": -2.0, "blue": 0.5}).to_numpy()
    y = 2 * x - z + shift + rng.normal(scale=0.1, size=n)
    ids = [f"r{i:04d}" for i in range(n)]
    df = pd.DataFrame({"id": ids, "color": color, "x": x, "z": z, "y": y})
    df.to_csv(tmp_path / "mixed.csv", index=False)
    df.drop(columns="id").to_csv(tmp_path / "train.csv", index=False)
    return df


def write_spec(path, spec):
    path.write_text(json.dumps(spec))
    return path


CATEGORICAL_SPEC = {
    "estimator": "pipeline",
    "components": [
        {
            "name": "prep",
            "estimator": "column_transformer",
            "params": {"remainder": "passthrough"},
            "components": [
                {"name": "onehot", "estimator": "one_hot_encoder", "columns": ["color"]}
            ],
        },
        {"name": "model", "estimator": "linear_regression"},
    ],
}

SCALED_SPEC = {
    "estimator": "pipeline",
    "components": [
        {"name": "scaler", "estimator": "standard_scaler"},
        {"name": "model", "estimator": "linear_regression"},
    ],
}


# ------------------------------------------------------------------ fit, predict, score


def test_fit_predict_equals_scikit_learn(tmp_path, diabetes):
    model, out = tmp_path / "m.json", tmp_path / "p.csv"
    ok("fit", "linear_regression", "--data", DIABETES, "--target", "target", "--model", model)
    ok("predict", "--model", model, "--data", DIABETES, "--out", out)
    X, y = diabetes.drop(columns="target"), diabetes["target"]
    expected = LinearRegression().fit(X, y).predict(X)
    got = pd.read_csv(out)
    assert list(got.columns) == ["target"]
    np.testing.assert_allclose(got["target"], expected, rtol=1e-10, atol=1e-10)


def test_param_values_are_parsed_into_declared_types(tmp_path, diabetes):
    model, out = tmp_path / "m.json", tmp_path / "p.csv"
    ok("fit", "linear_regression", "--data", DIABETES, "--target", "target", "--model", model,
       "--param", "fit_intercept=false", "--param", "tol=1e-9", "-p", "n_jobs=None")
    info = as_json("info", model)
    assert info["params"] == {
        "copy_X": True, "fit_intercept": False, "n_jobs": None, "positive": False, "tol": 1e-9
    }
    ok("predict", "--model", model, "--data", DIABETES, "--out", out)
    X, y = diabetes.drop(columns="target"), diabetes["target"]
    expected = LinearRegression(fit_intercept=False).fit(X, y).predict(X)
    np.testing.assert_allclose(pd.read_csv(out)["target"], expected, rtol=1e-10, atol=1e-10)


def test_score_equals_scikit_learn(tmp_path, diabetes):
    model = tmp_path / "m.json"
    ok("fit", "linear_regression", "--data", DIABETES, "--target", "target", "--model", model)
    res = as_json("score", "--model", model, "--data", DIABETES,
                  "--scoring", "r2,neg_mean_squared_error")
    X, y = diabetes.drop(columns="target"), diabetes["target"]
    pred = LinearRegression().fit(X, y).predict(X)
    assert res["n_samples"] == len(y)
    assert res["scores"]["r2"] == pytest.approx(r2_score(y, pred), rel=1e-12)
    assert res["scores"]["neg_mean_squared_error"] == pytest.approx(
        -mean_squared_error(y, pred), rel=1e-12)
    default = as_json("score", "--model", model, "--data", DIABETES)
    assert default["scores"]["score"] == pytest.approx(r2_score(y, pred), rel=1e-12)


def test_pipeline_spec_with_categorical_column_round_trip(tmp_path, mixed):
    spec = write_spec(tmp_path / "spec.json", CATEGORICAL_SPEC)
    model, out = tmp_path / "m.mlkb", tmp_path / "p.csv"
    ok("fit", "--spec", spec, "--data", tmp_path / "train.csv", "--target", "y", "--model", model)
    info = as_json("info", model)
    assert info["estimator"] == "pipeline" and info["encoding"] == "binary"
    assert info["metadata"]["feature_names"] == ["color", "x", "z"]
    assert info["metadata"]["categories"] == {"color": ["blue", "green", "red"]}
    # Rows in another order: the codes must come from the training categories, not the new file.
    shuffled = mixed.sample(frac=1.0, random_state=1)
    shuffled.to_csv(tmp_path / "new.csv", index=False)
    ok("predict", "--model", model, "--data", tmp_path / "new.csv", "--id-column", "id",
       "--out", out)
    sk = Pipeline([
        ("prep", ColumnTransformer([("onehot", OneHotEncoder(), ["color"])],
                                   remainder="passthrough")),
        ("model", LinearRegression()),
    ]).fit(mixed[["color", "x", "z"]], mixed["y"])
    got = pd.read_csv(out)
    assert list(got.columns) == ["id", "y"]
    assert list(got["id"]) == list(shuffled["id"])  # string ids written back verbatim
    np.testing.assert_allclose(got["y"], sk.predict(shuffled[["color", "x", "z"]]),
                               rtol=1e-10, atol=1e-10)


def test_string_target_needs_a_classifier(tmp_path, mixed):
    mixed.drop(columns="y").to_csv(tmp_path / "t.csv", index=False)
    fails(RUNTIME_ERROR, "fit", "linear_regression", "--data", tmp_path / "t.csv",
          "--target", "color", "--model", tmp_path / "m.json", mentions=["'color'", "classifier"])
    assert not (tmp_path / "m.json").exists()


def test_predict_streams_in_chunks(tmp_path):
    # More rows than one default chunk (65536), so the default run reads several chunks too.
    rng = np.random.default_rng(3)
    n = 70_000
    df = pd.DataFrame(rng.normal(size=(n, 3)), columns=["a", "b", "c"])
    df["y"] = df @ np.array([1.5, -2.0, 0.25]) + 3.0
    df.insert(0, "id", np.arange(n) * 10)
    df.to_csv(tmp_path / "big.csv", index=False)
    model = tmp_path / "m.json"
    ok("fit", "linear_regression", "--data", tmp_path / "big.csv", "--target", "y", "--model",
       model, "--param", "fit_intercept=true")
    # The training file has an id column the model was fitted on; predict on features only.
    fails(RUNTIME_ERROR, "predict", "--model", model, "--data", tmp_path / "big.csv",
          "--id-column", "id", "--out", tmp_path / "x.csv", mentions=["'id'", "missing"])
    df.drop(columns="id").to_csv(tmp_path / "noid.csv", index=False)
    ok("fit", "linear_regression", "--data", tmp_path / "noid.csv", "--target", "y",
       "--model", model)
    results = {}
    for rows in (None, 1000, 7):
        out = tmp_path / f"p{rows}.csv"
        extra = [] if rows is None else ["--chunk-rows", rows]
        ok("predict", "--model", model, "--data", tmp_path / "big.csv", "--id-column", "id",
           "--out", out, *extra)
        results[rows] = pd.read_csv(out)
    for rows in (1000, 7):
        assert list(results[rows]["id"]) == list(df["id"])
        # Equal up to the last bits, which depend on the BLAS kernel chosen for a block's size.
        np.testing.assert_allclose(results[rows]["y"], results[None]["y"], rtol=1e-13, atol=1e-12)
    np.testing.assert_allclose(results[None]["y"], df["y"], rtol=1e-9, atol=1e-9)


# ------------------------------------------------------------------ cv and search


def test_cv_equals_cross_val_score(diabetes):
    X, y = diabetes.drop(columns="target"), diabetes["target"]
    res = as_json("cv", "linear_regression", "--data", DIABETES, "--target", "target",
                  "--folds", 5, "--scoring", "r2,neg_mean_squared_error")
    assert res["splitter"] == "KFold(n_splits=5)"
    for scoring in ("r2", "neg_mean_squared_error"):
        expected = cross_val_score(LinearRegression(), X, y, cv=KFold(5), scoring=scoring)
        np.testing.assert_allclose(res["test_scores"][scoring], expected, rtol=1e-10)
        assert res["mean_test_score"][scoring] == pytest.approx(expected.mean(), rel=1e-10)
        assert res["std_test_score"][scoring] == pytest.approx(expected.std(), rel=1e-8)


def test_cv_of_a_pipeline_spec_with_params(tmp_path, diabetes):
    spec = write_spec(tmp_path / "spec.json", SCALED_SPEC)
    res = as_json("cv", "--spec", spec, "--param", "model__fit_intercept=false", "--data",
                  DIABETES, "--target", "target", "--folds", 3)
    X, y = diabetes.drop(columns="target"), diabetes["target"]
    sk = Pipeline([("scaler", StandardScaler()), ("model", LinearRegression(fit_intercept=False))])
    expected = cross_val_score(sk, X, y, cv=KFold(3))
    np.testing.assert_allclose(res["test_scores"]["score"], expected, rtol=1e-10)


def test_search_equals_grid_search_cv(tmp_path, diabetes):
    spec = write_spec(tmp_path / "spec.json", SCALED_SPEC)
    # A list of grids; without an intercept, centring matters (with one, it would tie).
    grid = [{"model__fit_intercept": [False], "scaler__with_mean": [True, False]},
            {"model__fit_intercept": [True]}]
    (tmp_path / "grid.json").write_text(json.dumps(grid))
    model, results = tmp_path / "best.json", tmp_path / "cv_results.csv"
    res = as_json("search", "--spec", spec, "--data", DIABETES, "--target", "target",
                  "--grid", tmp_path / "grid.json", "--folds", 4, "--model", model,
                  "--results", results)
    X, y = diabetes.drop(columns="target"), diabetes["target"]
    sk = GridSearchCV(Pipeline([("scaler", StandardScaler()), ("model", LinearRegression())]),
                      grid, cv=KFold(4)).fit(X, y)
    assert res["best_params"] == sk.best_params_
    assert res["best_score"] == pytest.approx(sk.best_score_, rel=1e-10)
    np.testing.assert_allclose(res["cv_results"]["mean_test_score"],
                               sk.cv_results_["mean_test_score"], rtol=1e-10)
    assert res["cv_results"]["rank_test_score"] == list(sk.cv_results_["rank_test_score"])
    table = pd.read_csv(results)
    assert len(table) == 3 and "mean_test_score" in table.columns
    out = tmp_path / "p.csv"
    ok("predict", "--model", model, "--data", DIABETES, "--out", out)
    np.testing.assert_allclose(pd.read_csv(out)["target"], sk.best_estimator_.predict(X),
                               rtol=1e-10, atol=1e-10)


def test_random_and_halving_search_run(tmp_path):
    grid = tmp_path / "grid.json"
    grid.write_text(
        json.dumps({"fit_intercept": [True, False], "tol": {"loguniform": [1e-9, 1e-3]}}))
    res = as_json("search", "linear_regression", "--data", DIABETES, "--target", "target",
                  "--grid", grid, "--random", 6, "--random-state", 0)
    assert res["n_candidates"] == 6 and res["best_params"]["fit_intercept"] is True
    again = as_json("search", "linear_regression", "--data", DIABETES, "--target", "target",
                    "--grid", grid, "--random", 6, "--random-state", 0)
    assert again["cv_results"]["params"] == res["cv_results"]["params"]
    grid.write_text(json.dumps({"fit_intercept": [True, False], "tol": [1e-6, 1e-3, 1e-2]}))
    res = as_json("search", "linear_regression", "--data", DIABETES, "--target", "target",
                  "--grid", grid, "--halving", "--factor", 2)
    assert "iter" in res["cv_results"] and res["best_params"]["fit_intercept"] is True


# ------------------------------------------------------------------ info, convert, --json


def test_info_and_convert_keep_predictions(tmp_path):
    model = tmp_path / "m.json"
    ok("fit", "linear_regression", "--data", DIABETES, "--target", "target", "--model", model)
    info = as_json("info", model)
    assert info["estimator"] == "linear_regression" and info["class"] == "LinearRegression"
    assert info["format_version"] == 1 and info["encoding"] == "json"
    assert info["n_features_in"] == 10 and info["metadata"]["n_samples"] == 442
    assert info["metadata"]["feature_names"][:3] == ["age", "sex", "bmi"]
    assert "estimator: linear_regression" in ok("info", model).stdout
    ok("convert", model, tmp_path / "m.mlkb")
    ok("convert", tmp_path / "m.mlkb", tmp_path / "back.json")
    assert as_json("info", tmp_path / "m.mlkb")["encoding"] == "binary"
    outs = []
    for m in (model, tmp_path / "m.mlkb", tmp_path / "back.json"):
        out = tmp_path / f"p-{m.name}.csv"
        ok("predict", "--model", m, "--data", DIABETES, "--out", out)
        outs.append(out.read_bytes())
    assert outs[0] == outs[1] == outs[2]


def test_every_command_has_json_output(tmp_path):
    model, out = tmp_path / "m.json", tmp_path / "p.csv"
    assert any(e["name"] == "linear_regression" for e in as_json("list"))
    assert "fit_intercept" in {p["name"] for p in as_json("params", "linear_regression")
                               ["linear_regression"]["params"]}
    assert "version" in as_json("version")
    assert as_json("fit", "linear_regression", "--data", DIABETES, "--target", "target",
                   "--model", model)["n_samples"] == 442
    assert as_json("predict", "--model", model, "--data", DIABETES, "--out", out)["rows"] == 442
    scored = as_json("score", "--model", model, "--data", DIABETES, "--scoring", "r2")
    assert "r2" in scored["scores"]
    assert len(as_json("cv", "linear_regression", "--data", DIABETES, "--target", "target",
                       "--folds", 3)["test_scores"]["score"]) == 3
    assert as_json("info", model)["estimator"] == "linear_regression"
    assert as_json("convert", model, tmp_path / "m.mlkb")["bytes"] > 0
    # --json may also come after the command; an error is a JSON object too.
    p = run("fit", "nope", "--data", DIABETES, "--model", model, "--json")
    assert p.returncode == USAGE_ERROR
    assert json.loads(p.stdout)["error"]["exit_code"] == USAGE_ERROR


def test_progress_bar_only_on_a_terminal():
    args = ["cv", "linear_regression", "--data", DIABETES, "--target", "target"]
    assert run(*args).stderr == ""  # stderr is a pipe: no progress
    for quiet, expect in (([], True), (["--quiet"], False)):
        leader, follower = pty.openpty()
        try:
            p = subprocess.run([MLKIT, *quiet, *map(str, args)], stdout=subprocess.PIPE,
                               stderr=follower, timeout=120)
            os.close(follower)
            follower = None
            chunks = []
            while True:
                try:
                    data = os.read(leader, 4096)
                except OSError:
                    break
                if not data:
                    break
                chunks.append(data)
        finally:
            if follower is not None:
                os.close(follower)
            os.close(leader)
        assert p.returncode == 0
        text = b"".join(chunks).decode()
        assert ("100%" in text and "cv [" in text) == expect, text


# ------------------------------------------------------------------ errors


def test_help_documents_exit_codes():
    text = ok("--help").stdout
    assert "Exit codes" in text and "usage error" in text and "runtime error" in text
    assert run().returncode == USAGE_ERROR


@pytest.mark.parametrize(
    "args, mentions",
    [
        (["frobnicate"], ["unknown command", "frobnicate"]),
        (["fit", "linear_regression", "--data", DIABETES, "--nope"], ["--nope"]),
        (["fit", "no_such_model", "--data", DIABETES, "--target", "target"], ["no_such_model"]),
        (["fit", "linear_regression", "--data", DIABETES, "--target", "target",
          "--param", "fit_intercept=maybe"], ["fit_intercept", "maybe"]),
        (["fit", "linear_regression", "--data", DIABETES, "--target", "target",
          "--param", "alpha=1"], ["alpha"]),
        (["fit", "linear_regression", "--data", DIABETES, "--target", "target",
          "--param", "tol=-1"], ["tol", "-1"]),
        (["fit", "linear_regression", "--data", DIABETES, "--target", "target",
          "--param", "tol"], ["NAME=VALUE"]),
        (["cv", "linear_regression", "--data", DIABETES, "--target", "target",
          "--scoring", "r3"], ["r3"]),
    ],
)
def test_usage_errors(tmp_path, args, mentions):
    model = tmp_path / "m.json"
    if args[0] == "fit" and "--model" not in args:
        args = [*args, "--model", model]
    fails(USAGE_ERROR, *args, mentions=mentions)
    assert not model.exists()


def test_runtime_errors_on_data(tmp_path):
    model = tmp_path / "m.json"
    fails(RUNTIME_ERROR, "fit", "linear_regression", "--data", tmp_path / "missing.csv",
          "--target", "y", "--model", model, mentions=["missing.csv"])
    fails(RUNTIME_ERROR, "fit", "linear_regression", "--data", DIABETES, "--target", "nope",
          "--model", model, mentions=["'nope'", "target"])
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b,y\n1,2,3\n4,5,6\n7,8\n9,10,11\n")
    fails(RUNTIME_ERROR, "fit", "linear_regression", "--data", bad, "--target", "y",
          "--model", model, mentions=["bad.csv", "line 4", "column"])
    bad.write_text('a,b,y\n1,2,3\n4,"5,6\n')
    fails(RUNTIME_ERROR, "fit", "linear_regression", "--data", bad, "--target", "y",
          "--model", model, mentions=["bad.csv", "line"])
    assert not model.exists() and no_leftovers(tmp_path)


def test_predict_checks_columns(tmp_path, mixed):
    spec = write_spec(tmp_path / "spec.json", CATEGORICAL_SPEC)
    model, out = tmp_path / "m.json", tmp_path / "p.csv"
    ok("fit", "--spec", spec, "--data", tmp_path / "train.csv", "--target", "y", "--model", model)
    cases = [
        (mixed[["color", "x"]], ["'z'", "missing"]),
        (mixed[["color", "x", "z", "id"]], ["'id'", "unexpected"]),
        (mixed[["color", "z", "x"]], ["order", "'z'"]),
    ]
    for frame, mentions in cases:
        frame.to_csv(tmp_path / "new.csv", index=False)
        fails(RUNTIME_ERROR, "predict", "--model", model, "--data", tmp_path / "new.csv",
              "--out", out, mentions=mentions)
        assert not out.exists()
    # The training target may be present; it is ignored.
    mixed[["color", "x", "z", "y"]].to_csv(tmp_path / "new.csv", index=False)
    ok("predict", "--model", model, "--data", tmp_path / "new.csv", "--out", out)
    out.unlink()
    # A category never seen in training, and text in a numeric column.
    unseen = mixed[["color", "x", "z"]].copy()
    unseen.loc[5, "color"] = "purple"
    unseen.to_csv(tmp_path / "new.csv", index=False)
    fails(RUNTIME_ERROR, "predict", "--model", model, "--data", tmp_path / "new.csv",
          "--out", out, mentions=["purple", "line 7"])
    text = mixed[["color", "x", "z"]].astype({"x": str})
    text.loc[:, "x"] = "oops"
    text.to_csv(tmp_path / "new.csv", index=False)
    fails(RUNTIME_ERROR, "predict", "--model", model, "--data", tmp_path / "new.csv",
          "--out", out, mentions=["'x'", "numeric"])
    assert not out.exists() and no_leftovers(tmp_path)


def test_failed_predict_leaves_no_partial_file(tmp_path):
    rng = np.random.default_rng(5)
    df = pd.DataFrame(rng.normal(size=(12000, 2)), columns=["a", "b"])
    df["y"] = df["a"] - df["b"]
    df.to_csv(tmp_path / "train.csv", index=False)
    model, out = tmp_path / "m.json", tmp_path / "p.csv"
    ok("fit", "linear_regression", "--data", tmp_path / "train.csv", "--target", "y",
       "--model", model)
    lines = (tmp_path / "train.csv").read_text().splitlines()
    # Past the first chunks and the 10000 rows the reader looks at to decide the column types.
    lines[11000] = "1.0,not-a-number,2.0"
    (tmp_path / "late.csv").write_text("\n".join(lines) + "\n")
    out.write_text("previous content\n")
    fails(RUNTIME_ERROR, "predict", "--model", model, "--data", tmp_path / "late.csv", "--out",
          out, "--chunk-rows", 100, mentions=["line 11001", "column 2"])
    assert out.read_text() == "previous content\n"  # untouched
    assert no_leftovers(tmp_path)


def test_corrupted_model_files(tmp_path):
    model = tmp_path / "m.json"
    ok("fit", "linear_regression", "--data", DIABETES, "--target", "target", "--model", model)
    ok("convert", model, tmp_path / "m.mlkb")
    text = model.read_text()
    binary = (tmp_path / "m.mlkb").read_bytes()
    broken = {
        "truncated.json": text[: len(text) // 2].encode(),
        "garbage.json": b"\x00\x01garbage",
        "wrong.json": json.dumps({**json.loads(text), "format_version": 99}).encode(),
        "truncated.mlkb": binary[: len(binary) // 2],
        "empty.mlkb": b"",
    }
    out = tmp_path / "p.csv"
    for name, data in broken.items():
        (tmp_path / name).write_bytes(data)
        fails(RUNTIME_ERROR, "predict", "--model", tmp_path / name, "--data", DIABETES,
              "--out", out, mentions=["model file"])
        fails(RUNTIME_ERROR, "info", tmp_path / name, mentions=["model file"])
        fails(RUNTIME_ERROR, "convert", tmp_path / name, tmp_path / "c.json",
              mentions=["model file"])
    assert not out.exists() and not (tmp_path / "c.json").exists()
    fails(RUNTIME_ERROR, "info", tmp_path / "absent.json", mentions=["absent.json"])
    fails(USAGE_ERROR, "convert", model, tmp_path / "m.txt", mentions=[".mlkb"])


def test_bad_spec_and_grid_files(tmp_path):
    (tmp_path / "spec.json").write_text('{"estimator": "pipeline", ')
    fails(USAGE_ERROR, "fit", "--spec", tmp_path / "spec.json", "--data", DIABETES, "--target",
          "target", "--model", tmp_path / "m.json", mentions=["spec.json", "JSON"])
    write_spec(tmp_path / "spec.json", {"estimator": "no_such_model"})
    fails(USAGE_ERROR, "fit", "--spec", tmp_path / "spec.json", "--data", DIABETES, "--target",
          "target", "--model", tmp_path / "m.json", mentions=["no_such_model"])
    fails(USAGE_ERROR, "fit", "linear_regression", "--spec", tmp_path / "spec.json", "--data",
          DIABETES, "--target", "target", "--model", tmp_path / "m.json", mentions=["--spec"])
    (tmp_path / "grid.json").write_text(json.dumps({"fit_intercept": [True, "sometimes"]}))
    fails(USAGE_ERROR, "search", "linear_regression", "--data", DIABETES, "--target", "target",
          "--grid", tmp_path / "grid.json", mentions=["fit_intercept", "sometimes"])
    (tmp_path / "grid.json").write_text(json.dumps({"fit_intercept": True}))
    fails(USAGE_ERROR, "search", "linear_regression", "--data", DIABETES, "--target", "target",
          "--grid", tmp_path / "grid.json", mentions=["fit_intercept", "list"])
    assert not (tmp_path / "m.json").exists()


def test_class_weight_dict_from_the_command_line(tmp_path):
    from sklearn.linear_model import RidgeClassifier

    iris = pd.read_csv(ROOT / "datasets" / "iris.csv")
    target = iris.columns[-1]
    model, out = tmp_path / "m.json", tmp_path / "p.csv"
    ok("fit", "ridge_classifier", "--data", ROOT / "datasets" / "iris.csv", "--target", target,
       "--model", model, "--param", "class_weight={0: 1, 2: 4.5}")
    assert as_json("info", model)["params"]["class_weight"] == {"0": 1.0, "2": 4.5}
    ok("predict", "--model", model, "--data", ROOT / "datasets" / "iris.csv", "--out", out)
    X, y = iris.drop(columns=target), iris[target]
    expected = RidgeClassifier(class_weight={0: 1.0, 2: 4.5}).fit(X, y).predict(X)
    assert (pd.read_csv(out)[target].to_numpy() == expected).all()
