#!/usr/bin/env python3
"""Reference outputs of scikit-learn's metrics for mlkit's C++ tests (tests/cpp/metrics/).

Run from anywhere with the project's virtual environment:

    .venv/bin/python tests/reference/make_metrics_reference.py

It rewrites metrics_extra.json beside this file, in the format of make_reference.py (whose
helpers it uses): inputs and scikit-learn's outputs at full precision, NaN as "NaN", None as
null. Inputs come from fixed numpy seeds; tests/python/test_metrics_reference.py re-runs
build() and checks the committed file against the installed scikit-learn.
"""

import json
import pathlib
import sys
import warnings

import numpy as np

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import make_reference  # noqa: E402
from sklearn import metrics  # noqa: E402
from sklearn.base import BaseEstimator, ClassifierMixin  # noqa: E402
from sklearn.linear_model import LinearRegression  # noqa: E402
from sklearn.manifold import trustworthiness  # noqa: E402

FILENAME = "metrics_extra.json"
ZERO_DIVISIONS = (0.0, 1.0, np.nan)


def _labels(rng, n, classes, p_right, truth=None):
    """Labels drawn from classes; with truth, a copy that is right with probability p_right."""
    classes = np.asarray(classes, dtype=float)
    drawn = classes[rng.integers(0, len(classes), n)]
    if truth is None:
        return drawn
    return np.where(rng.uniform(size=n) < p_right, truth, drawn)


def _weights(rng, n):
    return np.round(rng.uniform(0.1, 3.0, n), 2)


# --------------------------------------------------------------------------------------------
# Label metrics: accuracy, balanced accuracy, MCC, confusion matrix, precision/recall/F, report
# --------------------------------------------------------------------------------------------


def _label_case(name, y_true, y_pred, sample_weight=None, pos_label=1.0, labels=None,
                zero_divisions=(0.0,)):
    w = sample_weight
    present = np.unique(np.concatenate([y_true, y_pred]))
    averages = ["micro", "macro", "weighted", None]
    if len(present) <= 2 and (len(present) < 2 or pos_label in present):
        averages.insert(0, "binary")
    scores = []
    for average in averages:
        for zd in zero_divisions:
            kw = dict(average=average, zero_division=zd, sample_weight=w, pos_label=pos_label)
            if labels is not None and average != "binary":
                kw["labels"] = labels
            p, r, f, s = metrics.precision_recall_fscore_support(y_true, y_pred, **kw)
            kw.pop("sample_weight")
            scores.append(
                {
                    "average": average if average is not None else "none",
                    "zero_division": zd,
                    "precision": p,
                    "recall": r,
                    "f1": f,
                    "f2": metrics.fbeta_score(y_true, y_pred, beta=2.0, sample_weight=w, **kw),
                    "f_half": metrics.fbeta_score(y_true, y_pred, beta=0.5, sample_weight=w, **kw),
                    "support": None if s is None else np.asarray(s, dtype=float),
                }
            )
    cm_labels = labels if labels is not None else None
    return {
        "name": name,
        "y_true": y_true,
        "y_pred": y_pred,
        "sample_weight": w,
        "pos_label": pos_label,
        "labels": labels,
        "accuracy": metrics.accuracy_score(y_true, y_pred, sample_weight=w),
        "balanced_accuracy": metrics.balanced_accuracy_score(y_true, y_pred, sample_weight=w),
        "balanced_accuracy_adjusted": metrics.balanced_accuracy_score(
            y_true, y_pred, sample_weight=w, adjusted=True
        ),
        "matthews_corrcoef": metrics.matthews_corrcoef(y_true, y_pred, sample_weight=w),
        "confusion_matrix": metrics.confusion_matrix(
            y_true, y_pred, labels=cm_labels, sample_weight=w
        ).astype(float),
        "confusion_matrix_true": metrics.confusion_matrix(
            y_true, y_pred, labels=cm_labels, sample_weight=w, normalize="true"
        ),
        "confusion_matrix_pred": metrics.confusion_matrix(
            y_true, y_pred, labels=cm_labels, sample_weight=w, normalize="pred"
        ),
        "confusion_matrix_all": metrics.confusion_matrix(
            y_true, y_pred, labels=cm_labels, sample_weight=w, normalize="all"
        ),
        "scores": scores,
        "report": metrics.classification_report(
            y_true, y_pred, labels=labels, sample_weight=w, zero_division=0.0
        ),
        "report_digits_4": metrics.classification_report(
            y_true, y_pred, labels=labels, sample_weight=w, digits=4, zero_division=1.0
        ),
    }


def label_cases():
    cases = []
    rng = np.random.default_rng(4001)
    y = _labels(rng, 20, [0, 1], 0)
    p = _labels(rng, 20, [0, 1], 0.7, y)
    cases.append(_label_case("binary", y, p))
    cases.append(_label_case("binary_weighted", y, p, sample_weight=_weights(rng, 20)))

    rng = np.random.default_rng(4002)
    y = _labels(rng, 18, [2, 5], 0)
    p = _labels(rng, 18, [2, 5], 0.6, y)
    cases.append(_label_case("binary_labels_2_5", y, p, pos_label=5.0))

    rng = np.random.default_rng(4003)
    y = _labels(rng, 24, [0, 1, 2], 0)
    p = _labels(rng, 24, [0, 1, 2], 0.6, y)
    cases.append(_label_case("multiclass", y, p))
    cases.append(_label_case("multiclass_weighted", y, p, sample_weight=_weights(rng, 24)))
    cases.append(_label_case("multiclass_labels", y, p, labels=np.array([2.0, 0.0])))

    rng = np.random.default_rng(4004)
    # Class 4 is never predicted (precision 0/0), class 3 never true (recall 0/0).
    y = _labels(rng, 16, [0, 1, 2, 4], 0)
    p = np.where(y == 4, 3.0, _labels(rng, 16, [0, 1, 2], 0.7, y))
    cases.append(_label_case("zero_division", y, p, sample_weight=_weights(rng, 16),
                             zero_divisions=ZERO_DIVISIONS))

    y = np.array([0.0, 1, 2, 2, 1, 0, 2, 3])
    cases.append(_label_case("perfect", y, y.copy()))
    y = np.array([0.0, 1, 1, 0, 1, 0, 0])
    cases.append(_label_case("worst", y, 1.0 - y, zero_divisions=ZERO_DIVISIONS))
    cases.append(_label_case("one_class_positive", np.ones(5), np.ones(5)))
    cases.append(_label_case("one_class_negative", np.zeros(5), np.zeros(5),
                             zero_divisions=ZERO_DIVISIONS))
    return cases


# --------------------------------------------------------------------------------------------
# Scores and probabilities: ROC AUC, average precision, log loss
# --------------------------------------------------------------------------------------------


def _ranking_case(name, y_true, y_score, sample_weight=None, pos_label=1.0):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # one class: scikit-learn warns and returns NaN
        auc = metrics.roc_auc_score(y_true, y_score, sample_weight=sample_weight)
        ap = metrics.average_precision_score(
            y_true, y_score, pos_label=pos_label, sample_weight=sample_weight
        )
    return {
        "name": name,
        "y_true": y_true,
        "y_score": y_score,
        "sample_weight": sample_weight,
        "pos_label": pos_label,
        "roc_auc": auc,
        "average_precision": ap,
    }


def ranking_cases():
    cases = []
    rng = np.random.default_rng(5001)
    y = _labels(rng, 30, [0, 1], 0)
    s = np.round(y * 0.6 + rng.uniform(size=30), 4)
    cases.append(_ranking_case("binary", y, s))
    cases.append(_ranking_case("binary_weighted", y, s, sample_weight=_weights(rng, 30)))
    ties = np.round(y * 0.3 + rng.uniform(size=30), 1)  # a handful of distinct scores
    cases.append(_ranking_case("ties", y, ties))
    cases.append(_ranking_case("ties_weighted", y, ties, sample_weight=_weights(rng, 30)))
    ypm = 2.0 * y - 1.0
    cases.append(_ranking_case("labels_minus_one_one", ypm, s))
    cases.append(_ranking_case("labels_3_7", 3.0 + 4.0 * y, s, pos_label=7.0))
    cases.append(_ranking_case("perfect", y, y + 0.5 * rng.uniform(size=30).round(3)))
    cases.append(_ranking_case("worst", y, -y))
    cases.append(_ranking_case("one_class_positive", np.ones(6), np.linspace(0, 1, 6)))
    cases.append(_ranking_case("one_class_negative", np.zeros(6), np.linspace(0, 1, 6)))
    return cases


def _proba(rng, n, k):
    p = rng.uniform(0.05, 1.0, (n, k)) ** 2
    return p / p.sum(axis=1, keepdims=True)


def _proba_case(name, y_true, y_proba, sample_weight=None, labels=None):
    case = {
        "name": name,
        "y_true": y_true,
        "y_proba": y_proba,
        "sample_weight": sample_weight,
        "labels": labels,
        "log_loss": metrics.log_loss(
            y_true, y_proba, sample_weight=sample_weight, labels=labels
        ),
        "roc_auc_ovr_macro": None,
        "roc_auc_ovr_weighted": None,
    }
    if labels is None and y_proba.ndim == 2 and y_proba.shape[1] > 2:
        for average in ("macro", "weighted"):
            case[f"roc_auc_ovr_{average}"] = metrics.roc_auc_score(
                y_true, y_proba, multi_class="ovr", average=average, sample_weight=sample_weight
            )
    return case


def proba_cases():
    cases = []
    rng = np.random.default_rng(6001)
    y = _labels(rng, 20, [0, 1], 0)
    P = _proba(rng, 20, 2)
    cases.append(_proba_case("binary", y, P))
    cases.append(_proba_case("binary_one_column", y, P[:, 1:]))
    y = _labels(rng, 30, [1, 2, 3, 4], 0)
    P = _proba(rng, 30, 4)
    cases.append(_proba_case("multiclass", y, P))
    cases.append(_proba_case("multiclass_weighted", y, P, sample_weight=_weights(rng, 30)))
    P = np.round(P, 1)
    P[:, -1] = 1.0 - P[:, :-1].sum(axis=1)
    P = np.clip(P, 0.0, 1.0)
    P /= P.sum(axis=1, keepdims=True)
    cases.append(_proba_case("multiclass_ties", y, P))
    y3 = np.array([0.0, 2, 2, 0, 0, 2])
    cases.append(_proba_case("labels_missing_class", y3, _proba(rng, 6, 3),
                             labels=np.array([0.0, 1, 2])))
    # Probabilities of exactly 0 and 1 are clipped to [eps, 1 - eps].
    cases.append(_proba_case("clipped", np.array([0.0, 1, 1, 0]),
                             np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0], [0.5, 0.5]])))
    cases.append(_proba_case("perfect", np.array([0.0, 1, 2]), np.eye(3)))
    return cases


# --------------------------------------------------------------------------------------------
# Regression
# --------------------------------------------------------------------------------------------


def _regression_case(name, y_true, y_pred, sample_weight=None):
    w = sample_weight
    return {
        "name": name,
        "y_true": y_true,
        "y_pred": y_pred,
        "sample_weight": w,
        "mean_squared_error": metrics.mean_squared_error(y_true, y_pred, sample_weight=w),
        "root_mean_squared_error": metrics.root_mean_squared_error(y_true, y_pred, sample_weight=w),
        "mean_absolute_error": metrics.mean_absolute_error(y_true, y_pred, sample_weight=w),
        "median_absolute_error": metrics.median_absolute_error(y_true, y_pred, sample_weight=w),
        "r2_score": metrics.r2_score(y_true, y_pred, sample_weight=w),
        "explained_variance_score": metrics.explained_variance_score(
            y_true, y_pred, sample_weight=w
        ),
    }


def regression_cases():
    cases = []
    rng = np.random.default_rng(7001)
    y = np.round(rng.standard_normal(21) * 3 + 1, 4)
    p = np.round(y + rng.standard_normal(21) + 0.3, 4)
    cases.append(_regression_case("odd", y, p))
    cases.append(_regression_case("even", y[:20], p[:20]))
    cases.append(_regression_case("weighted", y, p, sample_weight=_weights(rng, 21)))
    # Unit weights: the cumulative weight hits one half exactly, so the weighted median averages.
    cases.append(_regression_case("weighted_exact_half", y[:20], p[:20], np.ones(20)))
    w = np.ones(20)
    w[[3, 8]] = 0.0
    cases.append(_regression_case("weighted_zeros", y[:20], p[:20], w))
    cases.append(_regression_case("perfect", y, y.copy()))
    c = np.full(5, 2.5)
    cases.append(_regression_case("constant_perfect", c, c.copy()))
    cases.append(_regression_case("constant_imperfect", c, c + np.arange(5.0)))
    return cases


# --------------------------------------------------------------------------------------------
# Clustering, trustworthiness, pairwise distances
# --------------------------------------------------------------------------------------------


def _blobs(rng, sizes, p=3, spread=0.6):
    centres = np.round(rng.uniform(-4, 4, (len(sizes), p)), 2)
    X = np.vstack([c + np.round(spread * rng.standard_normal((m, p)), 4)
                   for c, m in zip(centres, sizes)])
    labels = np.concatenate([np.full(m, float(k)) for k, m in enumerate(sizes)])
    return X, labels


def _internal_case(name, X, labels):
    return {
        "name": name,
        "X": X,
        "labels": labels,
        "silhouette_samples": metrics.silhouette_samples(X, labels),
        "silhouette_score": metrics.silhouette_score(X, labels),
        "davies_bouldin_score": metrics.davies_bouldin_score(X, labels),
        "calinski_harabasz_score": metrics.calinski_harabasz_score(X, labels),
    }


def internal_cases():
    cases = []
    rng = np.random.default_rng(8001)
    X, lab = _blobs(rng, [8, 10, 7])
    cases.append(_internal_case("blobs", X, lab))
    relabel = np.array([7.0, -1.0, 2.5])[lab.astype(int)]
    cases.append(_internal_case("blobs_relabelled", X, relabel))
    lab2 = lab.copy()
    lab2[3] = 9.0  # a cluster of one sample: silhouette 0
    cases.append(_internal_case("singleton", X, lab2))
    mixed = _labels(rng, len(lab), [0, 1, 2, 3], 0)
    mixed[:4] = [0, 1, 2, 3]
    cases.append(_internal_case("random_labels", X, mixed))
    # Rows beyond the silhouette's 64-row block.
    X, lab = _blobs(rng, [25, 30, 20], p=2)
    cases.append(_internal_case("several_blocks", X, lab))
    return cases


def _external_case(name, a, b):
    h, c, v = metrics.homogeneity_completeness_v_measure(a, b)
    return {
        "name": name,
        "labels_true": a,
        "labels_pred": b,
        "adjusted_rand_score": metrics.adjusted_rand_score(a, b),
        "normalized_mutual_info_score": metrics.normalized_mutual_info_score(a, b),
        "homogeneity": h,
        "completeness": c,
        "v_measure": v,
        "v_measure_beta_2": metrics.v_measure_score(a, b, beta=2.0),
    }


def external_cases():
    cases = []
    rng = np.random.default_rng(9001)
    a = _labels(rng, 40, [0, 1, 2], 0)
    b = _labels(rng, 40, [0, 1, 2, 3], 0.6, a)
    cases.append(_external_case("noisy", a, b))
    cases.append(_external_case("independent", a, _labels(rng, 40, [5, 6], 0)))
    cases.append(_external_case("permuted", a, np.array([2.0, 0.0, 1.0])[a.astype(int)]))
    cases.append(_external_case("one_cluster", a, np.zeros(40)))
    cases.append(_external_case("both_one_cluster", np.ones(5), np.zeros(5)))
    cases.append(_external_case("all_singletons", a, np.arange(40.0)))
    return cases


def trustworthiness_cases():
    cases = []
    rng = np.random.default_rng(10001)
    X = np.round(rng.standard_normal((20, 4)), 3)
    E = np.round(X[:, :2] + 0.3 * rng.standard_normal((20, 2)), 3)
    for k in (1, 5, 9):
        cases.append({"name": f"k{k}", "X": X, "X_embedded": E, "n_neighbors": k,
                      "trustworthiness": trustworthiness(X, E, n_neighbors=k)})
    cases.append({"name": "identity", "X": X, "X_embedded": X, "n_neighbors": 5,
                  "trustworthiness": trustworthiness(X, X, n_neighbors=5)})
    return cases


def pairwise_cases():
    cases = []
    rng = np.random.default_rng(11001)
    X = np.round(rng.standard_normal((7, 4)), 4)
    Y = np.round(rng.standard_normal((5, 4)) + 0.5, 4)
    Y[2] = 0.0  # a zero row: cosine distance 1
    for metric in ("euclidean", "sqeuclidean", "manhattan", "cosine"):
        cases.append({"name": metric, "metric": metric, "X": X, "Y": Y,
                      "distances": metrics.pairwise_distances(X, Y, metric=metric)})
        cases.append({"name": metric + "_self", "metric": metric, "X": X, "Y": None,
                      "distances": metrics.pairwise_distances(X, metric=metric)})
    return cases


# --------------------------------------------------------------------------------------------
# Scorers
# --------------------------------------------------------------------------------------------


class _Fixed(ClassifierMixin, BaseEstimator):
    """A classifier whose outputs are given: the C++ tests use a twin of it."""

    def __init__(self, pred=None, proba=None):
        self.pred = pred
        self.proba = proba

    def fit(self, X, y):
        self.classes_ = np.unique(y)
        return self

    def predict(self, X):
        return self.pred

    def predict_proba(self, X):
        return self.proba


CLASSIFICATION_SCORERS = [
    "accuracy", "balanced_accuracy", "matthews_corrcoef",
    "f1", "f1_macro", "f1_micro", "f1_weighted",
    "precision", "precision_macro", "precision_micro", "precision_weighted",
    "recall", "recall_macro", "recall_micro", "recall_weighted",
    "roc_auc", "average_precision", "neg_log_loss",
]
MULTICLASS_SCORERS = [
    "accuracy", "balanced_accuracy", "matthews_corrcoef",
    "f1_macro", "f1_micro", "f1_weighted", "precision_macro", "recall_weighted",
    "roc_auc_ovr", "roc_auc_ovr_weighted", "neg_log_loss",
]
REGRESSION_SCORERS = [
    "neg_mean_squared_error", "neg_root_mean_squared_error", "neg_mean_absolute_error",
    "neg_median_absolute_error", "r2", "explained_variance",
]


def _classifier_scorer_case(name, y, pred, proba, names, sample_weight=None):
    est = _Fixed(pred, proba).fit(np.zeros((len(y), 1)), y)
    X = np.zeros((len(y), 1))
    scores = {}
    for s in names:
        kw = {} if sample_weight is None else {"sample_weight": sample_weight}
        scores[s] = metrics.get_scorer(s)(est, X, y, **kw)
    return {"name": name, "y": y, "predict": pred, "predict_proba": proba,
            "sample_weight": sample_weight, "scores": scores}


def scorer_cases():
    rng = np.random.default_rng(12001)
    y = _labels(rng, 20, [0, 1], 0)
    P = _proba(rng, 20, 2)
    pred = P.argmax(axis=1).astype(float)
    binary = _classifier_scorer_case("binary", y, pred, P, CLASSIFICATION_SCORERS)
    binary_w = _classifier_scorer_case("binary_weighted", y, pred, P, CLASSIFICATION_SCORERS,
                                       sample_weight=_weights(rng, 20))
    y = _labels(rng, 24, [0, 1, 2], 0)
    P = _proba(rng, 24, 3)
    multi = _classifier_scorer_case("multiclass", y, P.argmax(axis=1).astype(float), P,
                                    MULTICLASS_SCORERS)

    X = np.round(rng.standard_normal((30, 3)), 4)
    yr = np.round(X @ np.array([1.0, -2.0, 0.5]) + 0.5 * rng.standard_normal(30), 4)
    Xt = np.round(rng.standard_normal((12, 3)), 4)
    yt = np.round(Xt @ np.array([1.0, -2.0, 0.5]) + 0.5 * rng.standard_normal(12), 4)
    wt = _weights(rng, 12)
    reg = LinearRegression().fit(X, yr)
    regression = {"name": "linear_regression", "X": X, "y": yr, "X_test": Xt, "y_test": yt,
                  "sample_weight": wt,
                  "scores": {s: metrics.get_scorer(s)(reg, Xt, yt) for s in REGRESSION_SCORERS},
                  "weighted_scores": {s: metrics.get_scorer(s)(reg, Xt, yt, sample_weight=wt)
                                      for s in REGRESSION_SCORERS}}
    return {"classification": [binary, binary_w, multi], "regression": [regression]}


# --------------------------------------------------------------------------------------------


def build():
    """The document, without its "meta" block."""
    return make_reference.to_json(
        {
            "labels": label_cases(),
            "ranking": ranking_cases(),
            "probabilities": proba_cases(),
            "regression": regression_cases(),
            "cluster_internal": internal_cases(),
            "cluster_external": external_cases(),
            "trustworthiness": trustworthiness_cases(),
            "pairwise": pairwise_cases(),
            "scorers": scorer_cases(),
        }
    )


def main():
    meta = make_reference.meta()
    meta["generator"] = "tests/reference/make_metrics_reference.py"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # undefined-metric warnings of the zero-division cases
        doc = {"meta": meta, **build()}
    text = make_reference.dumps(doc) + "\n"
    assert json.loads(text) == doc
    (HERE / FILENAME).write_text(text)
    print(f"wrote {FILENAME} ({len(text) / 1024:.1f} KiB)")


if __name__ == "__main__":
    main()
