#pragma once
/// @file classification.hpp
/// @brief Classification metrics, as scikit-learn's. Labels are doubles holding discrete values;
/// an empty sample_weight means unit weights. Bad input (mismatched lengths, empty input, NaN or
/// infinity, a probability matrix of the wrong shape) throws InvalidInput; a bad option value
/// throws InvalidParameter.

#include <string>
#include <vector>

#include "mlkit/core/types.hpp"

namespace mlkit::metrics {

/// @brief Options of the set-wise scores (precision, recall, F-beta), as scikit-learn's keywords.
struct ClassScoreOptions {
  /// "binary" (the score of pos_label), "micro", "macro", "weighted" (by support), or "none"
  /// (per class; only through precision_recall_fscore_support).
  std::string average = "binary";
  /// The positive class when average is "binary".
  double pos_label = 1.0;
  /// The value of a score whose denominator is zero: 0, 1 or NaN (scikit-learn's "warn" is 0).
  double zero_division = 0.0;
  /// Classes to score, in this order; empty means the sorted labels of y_true and y_pred.
  Vector labels;
  /// Per-sample weights; empty means unit weights.
  Vector sample_weight;
};

/// @brief Precision, recall, F-beta and support, per class or averaged.
struct PrecisionRecallFscore {
  Vector precision;  ///< one value per class for average "none", else one value
  Vector recall;
  Vector fbeta;
  Vector support;  ///< weighted count of each class in y_true (average "none" only; else empty)
};

/// @brief Weighted fraction of exact label matches. An empty sample_weight means unit weights.
double accuracy_score(VectorView y_true, VectorView y_pred, VectorView sample_weight = Vector());

/// @brief Mean of the per-class recalls over the classes present in y_true.
/// @param adjusted rescale so that chance scores 0 and perfect 1
double balanced_accuracy_score(VectorView y_true, VectorView y_pred,
                               VectorView sample_weight = Vector(), bool adjusted = false);

/// @brief Precision, recall, F-beta and support (scikit-learn's precision_recall_fscore_support).
/// @param beta weight of recall against precision, >= 0 (infinity: recall alone)
/// @param options average, pos_label, zero_division, labels and sample_weight
PrecisionRecallFscore precision_recall_fscore_support(VectorView y_true, VectorView y_pred,
                                                      double beta = 1.0,
                                                      const ClassScoreOptions& options = {});

/// @brief tp / (tp + fp): the fraction of predicted positives that are positive.
/// @param options average ("binary", "micro", "macro", "weighted"), pos_label, zero_division,
/// labels, sample_weight
double precision_score(VectorView y_true, VectorView y_pred, const ClassScoreOptions& options = {});

/// @brief tp / (tp + fn): the fraction of positives that are predicted positive.
/// @param options as for precision_score
double recall_score(VectorView y_true, VectorView y_pred, const ClassScoreOptions& options = {});

/// @brief Harmonic mean of precision and recall.
/// @param options as for precision_score
double f1_score(VectorView y_true, VectorView y_pred, const ClassScoreOptions& options = {});

/// @brief Weighted harmonic mean of precision and recall, recall counting beta times as much.
/// @param beta >= 0
/// @param options as for precision_score
double fbeta_score(VectorView y_true, VectorView y_pred, double beta,
                   const ClassScoreOptions& options = {});

/// @brief C[i, j] = (weighted) count of samples of class labels[i] predicted as labels[j].
/// @param labels classes in row/column order; empty means the sorted labels of y_true and y_pred.
/// Samples whose true or predicted label is not among them are ignored.
/// @param normalize "" (counts), "true" (rows sum to 1), "pred" (columns) or "all"
Matrix confusion_matrix(VectorView y_true, VectorView y_pred, VectorView labels = Vector(),
                        VectorView sample_weight = Vector(), const std::string& normalize = "");

/// @brief scikit-learn's text report of per-class precision, recall, F1 and support, with
/// accuracy (or micro average), macro and weighted averages, in its layout.
/// @param labels classes to report; empty means the sorted labels of y_true and y_pred
/// @param target_names display names of the labels; empty means the labels as Python prints
/// floats ("0.0", "2.5")
/// @param digits decimals of the scores
/// @param zero_division as in ClassScoreOptions
std::string classification_report(VectorView y_true, VectorView y_pred,
                                  VectorView labels = Vector(),
                                  const std::vector<std::string>& target_names = {},
                                  VectorView sample_weight = Vector(), int digits = 2,
                                  double zero_division = 0.0);

/// @brief Mean negative log-likelihood of y_true under the predicted class probabilities.
/// Probabilities are clipped to [eps, 1 - eps] with eps the machine epsilon of double, as
/// scikit-learn 1.9 does; rows are not renormalised.
/// @param y_proba n × k probabilities, columns in the order of the sorted classes (of labels, or
/// of y_true); n × 1 is the probability of the greater of two classes
/// @param labels all classes (sorted); empty means the labels of y_true, which needs two
double log_loss(VectorView y_true, MatrixView y_proba, VectorView sample_weight = Vector(),
                VectorView labels = Vector());

/// @brief Area under the ROC curve of binary y_true (the greater label is positive) against
/// scores; NaN when y_true holds a single class, as scikit-learn 1.9.
double roc_auc_score(VectorView y_true, VectorView y_score, VectorView sample_weight = Vector());

/// @brief One-vs-rest multiclass ROC AUC from a probability matrix (scikit-learn's
/// multi_class="ovr"); two columns are the binary case on column 1.
/// @param y_proba n × k, columns in the order of the sorted classes of y_true (k of them); rows
/// must sum to 1
/// @param average "macro" or "weighted" (by prevalence)
double roc_auc_score(VectorView y_true, MatrixView y_proba, const std::string& average,
                     VectorView sample_weight = Vector());

/// @brief Average precision: Σ (R_n - R_{n-1}) P_n over the distinct score thresholds.
/// @param pos_label the positive class; y_true may hold one other value besides it
double average_precision_score(VectorView y_true, VectorView y_score, double pos_label = 1.0,
                               VectorView sample_weight = Vector());

/// @brief Matthews correlation coefficient (multiclass: Gorodkin's R_K); 0 when undefined.
double matthews_corrcoef(VectorView y_true, VectorView y_pred, VectorView sample_weight = Vector());

}  // namespace mlkit::metrics
