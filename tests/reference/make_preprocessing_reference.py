#!/usr/bin/env python3
"""Reference outputs of scikit-learn for the parity tests of mlkit's preprocessing estimators
beyond StandardScaler (which tests/reference/make_reference.py covers).

Run from anywhere with the project's virtual environment:

    .venv/bin/python tests/reference/make_preprocessing_reference.py

It rewrites preprocessing_extra.json beside this file: per estimator, a list of cases with the
inputs, the parameters, the fitted attributes and the outputs at full precision. NaN is written
as "NaN" and None as null. Inputs are small and fixed (ties, constant columns, NaN where the
estimator allows it); tests/python/test_preprocessing_reference.py re-runs the builders live.
"""

import json
import pathlib

import numpy as np
from sklearn.impute import SimpleImputer
from sklearn.preprocessing import (
    KBinsDiscretizer,
    LabelEncoder,
    MaxAbsScaler,
    MinMaxScaler,
    Normalizer,
    OneHotEncoder,
    OrdinalEncoder,
    PolynomialFeatures,
    RobustScaler,
)

from make_reference import dumps, meta, to_json

HERE = pathlib.Path(__file__).resolve().parent
FILENAME = "preprocessing_extra.json"
# Parameters that mlkit does not have (NaN is always the missing value, no missing indicator,
# output is always float64)
# or that only concern memory (copy); left at scikit-learn's defaults in every case.
NOT_RECORDED = {"copy", "missing_values", "add_indicator", "dtype"}


def _data(seed, n=12, p=4):
    """Rounded normal inputs with different scales per column, and a held-out Z."""
    rng = np.random.default_rng(seed)
    X = np.round(rng.standard_normal((n, p)), 3) * np.array([1.0, 10.0, 0.1, 3.0])[:p]
    X += np.arange(p)
    Z = np.round(rng.standard_normal((5, p)) * 2.0, 3) + np.arange(p)
    return X, Z


def _with_ties_and_constant(X):
    X = X.copy()
    X[:, 1] = 0.1  # constant, not exactly representable
    X[[0, 3, 5], 2] = X[1, 2]  # ties
    return X


def _with_nan(X, Z):
    X, Z = X.copy(), Z.copy()
    X[[1, 4, 9], 0] = np.nan
    X[[2], 3] = np.nan
    Z[2, 1] = np.nan
    return X, Z


def _infinities(value):
    """Infinite entries as the strings of mlkit's model format ("Infinity", "-Infinity"); arrays
    of arrays (one per feature) as lists."""
    if isinstance(value, np.ndarray) and value.dtype == object:
        return [_infinities(np.asarray(v, dtype=float)) for v in value]
    if isinstance(value, np.ndarray) and value.dtype.kind == "f" and np.isinf(value).any():
        return [_infinities(v) if isinstance(v, np.ndarray) else
                ("Infinity" if v == np.inf else "-Infinity" if v == -np.inf else float(v))
                for v in value]
    return value


def _params(est, skip):
    """The parameters mlkit has; NaN (scikit-learn's encoded_missing_value default) as None."""
    params = {}
    for k, v in est.get_params().items():
        if k in NOT_RECORDED or k in skip:
            continue
        params[k] = None if isinstance(v, float) and np.isnan(v) else v
    return params


def _case(name, est, X, Z, attrs, skip=(), sample_weight=None):
    if sample_weight is None:
        est.fit(X)
    else:
        est.fit(X, sample_weight=sample_weight)
    out = {
        "name": name,
        "params": _params(est, skip),
        # Copies: builders go on to modify their arrays for later cases.
        "X": X.copy(),
        "Z": Z.copy(),
    }
    if sample_weight is not None:
        out["sample_weight"] = sample_weight.copy()
    for attr in attrs:
        out[attr] = _infinities(getattr(est, attr))
    out["transform"] = est.transform(X)
    out["transform_Z"] = est.transform(Z)
    # mlkit has no inverse_transform for SimpleImputer (it needs add_indicator).
    if hasattr(est, "inverse_transform") and not isinstance(est, SimpleImputer):
        # KBinsDiscretizer maps codes back to bin centres: invert its own transform of Z.
        # Discretizers and encoders map codes back: invert their own transform of Z.
        Zt = Z
        if isinstance(est, (KBinsDiscretizer, OrdinalEncoder, OneHotEncoder)):
            Zt = est.transform(Z)
            out["inverse_input"] = Zt
        try:
            inverse = est.inverse_transform(Zt.copy())  # scikit-learn may write into its input
        except IndexError:
            # scikit-learn 1.9's OrdinalEncoder cannot invert codes of a feature with both
            # missing values and infrequent categories (it indexes the frequent categories with
            # the missing value's position): no reference for that.
            out.pop("inverse_input", None)
            return out
        if inverse.dtype == object:
            # scikit-learn's None (unknown) and "infrequent_sklearn"; mlkit's numeric output
            # has NaN there.
            numeric = np.vectorize(lambda v: isinstance(v, (int, float, np.number)), otypes=[bool])
            inverse = np.where(numeric(inverse), inverse, np.nan).astype(float)
        out["inverse_transform"] = _infinities(inverse)
    return out


def min_max_cases():
    attrs = ["min_", "scale_", "data_min_", "data_max_", "data_range_", "n_samples_seen_"]
    cases = []
    X, Z = _data(4001)
    cases.append(_case("plain", MinMaxScaler(), X, Z, attrs))
    X, Z = _data(4002)
    cases.append(
        _case("range_ties_constant", MinMaxScaler(feature_range=(-2.0, 3.5)),
              _with_ties_and_constant(X), Z, attrs)
    )
    X, Z = _with_nan(*_data(4003))
    cases.append(_case("nan_cells", MinMaxScaler(), X, Z, attrs))
    X, Z = _data(4004)
    cases.append(_case("clip", MinMaxScaler(feature_range=(-1.0, 1.0), clip=True), X, Z, attrs))
    X, Z = _data(4005, n=1)
    cases.append(_case("one_sample", MinMaxScaler(), X, Z, attrs))
    return cases


def max_abs_cases():
    attrs = ["max_abs_", "scale_", "n_samples_seen_"]
    cases = []
    X, Z = _data(4101)
    cases.append(_case("plain", MaxAbsScaler(), X, Z, attrs))
    X, Z = _data(4102)
    X[:, 3] = 0.0  # all zero: scale 1
    cases.append(_case("zero_and_ties", MaxAbsScaler(), _with_ties_and_constant(X), Z, attrs))
    X, Z = _with_nan(*_data(4103))
    cases.append(_case("nan_cells", MaxAbsScaler(), X, Z, attrs))
    X, Z = _data(4104)
    cases.append(_case("clip", MaxAbsScaler(clip=True), X, 3.0 * Z, attrs))
    return cases


def robust_cases():
    attrs = ["center_", "scale_"]
    cases = []
    X, Z = _data(4201)
    cases.append(_case("plain", RobustScaler(), X, Z, attrs))
    X, Z = _data(4202, n=11)
    cases.append(
        _case("odd_rows_ties_constant", RobustScaler(quantile_range=(10.0, 80.0)),
              _with_ties_and_constant(X), Z, attrs)
    )
    X, Z = _with_nan(*_data(4203))
    cases.append(_case("nan_cells", RobustScaler(), X, Z, attrs))
    X, Z = _data(4204)
    cases.append(_case("unit_variance", RobustScaler(unit_variance=True), X, Z, attrs))
    X, Z = _data(4205)
    cases.append(_case("without_centering", RobustScaler(with_centering=False), X, Z, attrs))
    X, Z = _data(4206)
    cases.append(
        _case("without_scaling", RobustScaler(with_scaling=False, quantile_range=(0.0, 100.0)),
              X, Z, attrs)
    )
    return cases


def normalizer_cases():
    cases = []
    for k, norm in enumerate(["l1", "l2", "max"]):
        X, Z = _data(4301 + k)
        X[2, :] = 0.0  # a zero row stays zero
        cases.append(_case(norm, Normalizer(norm=norm), X, Z, []))
    return cases


def imputer_cases():
    attrs = ["statistics_"]
    cases = []
    X, Z = _with_nan(*_data(4401))
    X[[0, 6, 7], 2] = X[3, 2]  # a clear most frequent value
    X[[1, 8], 1] = X[5, 1]  # a tie of two values (with column 2's): the smaller one wins
    X[[2, 9], 1] = X[10, 1]
    for strategy in ("mean", "median", "most_frequent", "constant"):
        cases.append(_case(strategy, SimpleImputer(strategy=strategy), X, Z, attrs))
    cases.append(
        _case("constant_fill_value", SimpleImputer(strategy="constant", fill_value=-7.5), X, Z,
              attrs)
    )
    X_empty, Z_empty = X.copy(), Z.copy()
    X_empty[:, 3] = np.nan  # entirely missing: dropped unless keep_empty_features
    Z_empty[0, 3] = np.nan
    for strategy in ("mean", "median", "most_frequent", "constant"):
        cases.append(
            _case(f"{strategy}_empty_feature", SimpleImputer(strategy=strategy), X_empty, Z_empty,
                  attrs)
        )
    for strategy in ("mean", "constant"):
        cases.append(
            _case(f"{strategy}_keep_empty_features",
                  SimpleImputer(strategy=strategy, keep_empty_features=True), X_empty, Z_empty,
                  attrs)
        )
    X, Z = _data(4402, n=10)
    cases.append(_case("even_rows_no_nan", SimpleImputer(strategy="median"), X, Z, attrs))
    return cases


def polynomial_cases():
    attrs = ["powers_", "n_output_features_"]
    cases = []
    X, Z = _data(4501, n=6, p=3)
    cases.append(_case("degree_2", PolynomialFeatures(), X, Z, attrs))
    cases.append(_case("degree_3", PolynomialFeatures(degree=3), X, Z, attrs))
    cases.append(
        _case("interaction_only", PolynomialFeatures(degree=3, interaction_only=True), X, Z, attrs)
    )
    cases.append(_case("no_bias", PolynomialFeatures(include_bias=False), X, Z, attrs))
    cases.append(_case("degree_range", PolynomialFeatures(degree=(2, 3)), X, Z, attrs))
    cases.append(
        _case("degree_range_no_bias", PolynomialFeatures(degree=(2, 2), include_bias=False), X,
              Z, attrs)
    )
    cases.append(_case("degree_0", PolynomialFeatures(degree=0), X, Z, attrs))
    return cases


def kbins_cases():
    attrs = ["bin_edges_", "n_bins_"]
    cases = []
    X, Z = _data(4601, n=20, p=3)
    X[[2, 5, 11], 0] = X[7, 0]  # ties
    for strategy in ("uniform", "quantile", "kmeans"):
        for encode in ("ordinal", "onehot-dense"):
            est = KBinsDiscretizer(n_bins=4, encode=encode, strategy=strategy, subsample=None)
            cases.append(_case(f"{strategy}_{encode}", est, X, Z, attrs))
    for method in ("linear", "inverted_cdf"):
        est = KBinsDiscretizer(n_bins=3, encode="ordinal", quantile_method=method, subsample=None)
        cases.append(_case(f"quantile_{method}", est, X, Z, attrs))
    est = KBinsDiscretizer(n_bins=[2, 3, 5], encode="ordinal", strategy="uniform", subsample=None)
    cases.append(_case("per_feature_bins", est, X, Z, attrs))
    # Sample weights (a zero weight included), with every strategy that takes them.
    w = np.round(np.random.default_rng(4603).uniform(0.2, 3.0, X.shape[0]), 2)
    w[4] = 0.0
    for strategy, method in (("quantile", "averaged_inverted_cdf"),
                             ("quantile", "inverted_cdf"), ("uniform", "averaged_inverted_cdf"),
                             ("kmeans", "averaged_inverted_cdf")):
        est = KBinsDiscretizer(n_bins=4, encode="ordinal", strategy=strategy,
                               quantile_method=method, subsample=None)
        cases.append(_case(f"weighted_{strategy}_{method}", est, X, Z, attrs, sample_weight=w))
    X_small, Z_small = _data(4602, n=10, p=3)
    X_small[:, 1] = 0.5  # constant: one bin, edges (-inf, inf)
    X_small[:, 2] = np.round(X_small[:, 2])  # few distinct values: narrow bins removed
    for strategy in ("quantile", "kmeans"):
        est = KBinsDiscretizer(n_bins=5, encode="ordinal", strategy=strategy, subsample=None)
        cases.append(_case(f"{strategy}_constant_and_repeated", est, X_small, Z_small, attrs))
    return cases


def _categorical(seed, n=15, p=3, levels=(4, 6, 3)):
    """Small integer-coded categories (with repeats) and a held-out Z with unknown values."""
    rng = np.random.default_rng(seed)
    X = np.column_stack([rng.integers(0, k, n) * 1.5 - 1 for k in levels[:p]]).astype(float)
    Z = np.column_stack([rng.integers(0, k + 1, 6) * 1.5 - 1 for k in levels[:p]]).astype(float)
    return X, Z


def _ordinal_case(name, X, Z, **params):
    est = OrdinalEncoder(**params)
    case = _case(name, est, X, Z, ["categories_"])
    # mlkit always has infrequent_categories_ (an empty list where scikit-learn has None or no
    # attribute).
    infrequent = getattr(est, "infrequent_categories_", [None] * X.shape[1])
    case["infrequent_categories_"] = [[] if v is None else np.asarray(v, dtype=float)
                                      for v in infrequent]
    return case


def ordinal_cases():
    attrs = ["categories_"]
    skip = ()
    cases = []
    X, Z = _categorical(4701)
    Z = X[:6].copy()
    cases.append(_case("plain", OrdinalEncoder(), X, Z, attrs, skip))
    X, Z = _categorical(4702)
    cases.append(
        _case("unknown_encoded", OrdinalEncoder(handle_unknown="use_encoded_value",
                                                unknown_value=-1), X, Z, attrs, skip)
    )
    X, Z = _categorical(4703)
    X[[1, 6], 0] = np.nan
    Z = X[:6].copy()
    cases.append(_case("nan_category", OrdinalEncoder(), X, Z, attrs, skip))
    cases.append(
        _case("nan_encoded", OrdinalEncoder(encoded_missing_value=-2), X, Z, attrs, skip)
    )
    X, Z = _categorical(4704)
    X[3, 1] = np.nan
    Z[2, 1] = np.nan
    cases.append(
        _case("nan_and_unknown", OrdinalEncoder(handle_unknown="use_encoded_value",
                                                unknown_value=9, encoded_missing_value=-3),
              X, Z, attrs, skip)
    )
    X, Z = _categorical(4705, n=30, levels=(7, 3, 8))
    X[[0, 1, 2, 3, 4, 5, 6, 7], 0] = 2.0
    X[[3, 9], 2] = np.nan
    cases.append(_ordinal_case("min_frequency_count", X, X[:6].copy(), min_frequency=4))
    cases.append(_ordinal_case("min_frequency_fraction_nan", X, X[:8].copy(), min_frequency=0.1,
                               encoded_missing_value=-1))
    cases.append(_ordinal_case("max_categories_unknown", X, Z, max_categories=3,
                               handle_unknown="use_encoded_value", unknown_value=-5))
    return cases


def _one_hot_case(name, X, Z, **params):
    est = OneHotEncoder(sparse_output=False, **params)
    case = _case(name, est, X, Z, ["categories_"], skip=("feature_name_combiner",))
    # mlkit keeps drop_idx_ as numbers with NaN for "no drop in this feature", and always has
    # infrequent_categories_ (an empty list where scikit-learn has None or no attribute).
    drop = est.drop_idx_
    case["drop_idx_"] = None if drop is None else [np.nan if d is None else float(d)
                                                  for d in drop]
    infrequent = getattr(est, "infrequent_categories_", [None] * X.shape[1])
    case["infrequent_categories_"] = [[] if v is None else np.asarray(v, dtype=float)
                                      for v in infrequent]
    return case


def one_hot_cases():
    cases = []
    X, Z = _categorical(4801)
    Z = X[:6].copy()
    cases.append(_one_hot_case("plain", X, Z))
    X, Z = _categorical(4802)
    X[[2, 7], 1] = np.nan
    Z[0, 1] = np.nan
    cases.append(_one_hot_case("unknown_ignored_nan_category", X, Z, handle_unknown="ignore"))
    X, Z = _categorical(4803, n=20, levels=(6, 2, 5))
    cases.append(_one_hot_case("drop_first", X, X[:6].copy(), drop="first"))
    cases.append(_one_hot_case("drop_if_binary", X, X[:6].copy(), drop="if_binary"))
    cases.append(_one_hot_case("drop_first_unknown_ignored", X, Z, drop="first",
                               handle_unknown="ignore"))
    # Infrequent categories: by count, by fraction, by max_categories, and unknown values
    # sent to the infrequent column.
    X, Z = _categorical(4804, n=30, levels=(7, 3, 8))
    X[[0, 1, 2, 3, 4, 5, 6, 7], 0] = 2.0  # one frequent category
    cases.append(_one_hot_case("min_frequency_count", X, Z, min_frequency=4,
                               handle_unknown="infrequent_if_exist"))
    cases.append(_one_hot_case("min_frequency_fraction", X, Z, min_frequency=0.1,
                               handle_unknown="infrequent_if_exist"))
    cases.append(_one_hot_case("max_categories", X, Z, max_categories=3,
                               handle_unknown="infrequent_if_exist"))
    cases.append(_one_hot_case("max_categories_one", X, Z, max_categories=1,
                               handle_unknown="ignore"))
    cases.append(_one_hot_case("infrequent_drop_first", X, X[:6].copy(), min_frequency=4,
                               drop="first"))
    cases.append(_one_hot_case("infrequent_drop_if_binary", X, X[:6].copy(), max_categories=2,
                               drop="if_binary"))
    X[[3, 9], 2] = np.nan
    cases.append(_one_hot_case("infrequent_with_nan", X, Z, min_frequency=3,
                               handle_unknown="infrequent_if_exist"))
    return cases


def _label_case(name, y, z):
    """LabelEncoder on y; mlkit fits it on the one-column X = y[:, None]."""
    est = LabelEncoder().fit(y)
    codes = est.transform(z)
    return {
        "name": name,
        "params": {},
        "X": y[:, None],
        "Z": z[:, None],
        "classes_": est.classes_,
        "transform": est.transform(y).astype(float)[:, None],
        "transform_Z": codes.astype(float)[:, None],
        "inverse_input": codes.astype(float)[:, None],
        "inverse_transform": est.inverse_transform(codes)[:, None],
    }


def label_cases():
    rng = np.random.default_rng(4901)
    y = rng.integers(-3, 4, 25) * 0.5
    cases = [_label_case("repeated_values", y, y[::-1][:8].copy())]
    y = np.round(rng.standard_normal(12), 3)
    cases.append(_label_case("distinct_values", y, y[:5].copy()))
    y = np.full(6, 2.5)
    cases.append(_label_case("single_class", y, y[:2].copy()))
    return cases


BUILDERS = {
    "MinMaxScaler": min_max_cases,
    "MaxAbsScaler": max_abs_cases,
    "RobustScaler": robust_cases,
    "Normalizer": normalizer_cases,
    "SimpleImputer": imputer_cases,
    "PolynomialFeatures": polynomial_cases,
    "KBinsDiscretizer": kbins_cases,
    "OrdinalEncoder": ordinal_cases,
    "OneHotEncoder": one_hot_cases,
    "LabelEncoder": label_cases,
}


def build():
    """The document, without its "meta" block."""
    return to_json({name: builder() for name, builder in BUILDERS.items()})


def main():
    m = meta()
    m["generator"] = "tests/reference/make_preprocessing_reference.py"
    doc = {"meta": m, **build()}
    text = dumps(doc) + "\n"
    assert json.loads(text) == doc
    (HERE / FILENAME).write_text(text)
    print(f"wrote {FILENAME} ({len(text) / 1024:.1f} KiB)")


if __name__ == "__main__":
    main()
