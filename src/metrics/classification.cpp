#include "mlkit/metrics/classification.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>
#include <sstream>

#include "mlkit/core/errors.hpp"
#include "mlkit/core/validation.hpp"
#include "src/metrics/detail/checks.hpp"

namespace mlkit::metrics {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string label_list(const std::vector<double>& labels) {
  std::string s = "[";
  for (std::size_t i = 0; i < labels.size(); ++i)
    s += (i ? ", " : "") + detail::python_float(labels[i]);
  return s + "]";
}

// scikit-learn's _prf_divide: num / den, with `zero_division` where den is zero.
Vector prf_divide(const Vector& num, const Vector& den, double zero_division) {
  Vector out(num.size());
  for (Index i = 0; i < num.size(); ++i) out[i] = den[i] == 0 ? zero_division : num[i] / den[i];
  return out;
}

// scikit-learn's _nanaverage: the (weighted) mean of the non-NaN values; NaN when none is left;
// unweighted when the remaining weights sum to zero.
double nan_average(const Vector& a, const Vector* weights) {
  double sum = 0, wsum = 0, plain = 0;
  Index count = 0;
  for (Index i = 0; i < a.size(); ++i) {
    if (std::isnan(a[i])) continue;
    ++count;
    plain += a[i];
    if (weights) sum += a[i] * (*weights)[i], wsum += (*weights)[i];
  }
  if (count == 0) return kNaN;
  if (!weights || wsum == 0) return plain / static_cast<double>(count);
  return sum / wsum;
}

void check_zero_division(double z) {
  if (!(z == 0.0 || z == 1.0 || std::isnan(z)))
    throw InvalidParameter("The 'zero_division' parameter must be 0.0, 1.0 or NaN. Got " +
                           detail::python_float(z) + " instead.");
}

// The classes of a binary y_true, checked: at most two distinct values.
std::vector<double> binary_classes(VectorView y_true, std::string_view what) {
  const auto classes = detail::unique_labels(y_true);
  if (classes.size() > 2)
    throw InvalidInput(std::string(what) + ": multiclass y_true is not supported here (" +
                       std::to_string(classes.size()) + " classes); y_true must be binary");
  return classes;
}

// Cumulative weighted true and false positives at each distinct score, scores descending
// (scikit-learn's _binary_clf_curve).
struct ClfCurve {
  std::vector<double> tps, fps;
};

ClfCurve binary_clf_curve(const std::vector<bool>& positive, VectorView score, const Vector& w) {
  const Index n = score.size();
  std::vector<Index> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), Index{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](Index a, Index b) { return score[a] > score[b]; });
  ClfCurve c;
  double tp = 0, fp = 0;
  for (Index k = 0; k < n; ++k) {
    const Index i = order[static_cast<std::size_t>(k)];
    if (positive[static_cast<std::size_t>(i)])
      tp += w[i];
    else
      fp += w[i];
    if (k + 1 == n || score[order[static_cast<std::size_t>(k + 1)]] != score[i]) {
      c.tps.push_back(tp);
      c.fps.push_back(fp);
    }
  }
  return c;
}

double binary_roc_auc(const std::vector<bool>& positive, VectorView score, const Vector& w) {
  const ClfCurve c = binary_clf_curve(positive, score, w);
  const double P = c.tps.back(), N = c.fps.back();
  double area = 0, x0 = 0, y0 = 0;
  for (std::size_t k = 0; k < c.tps.size(); ++k) {
    const double x = c.fps[k] / N, y = c.tps[k] / P;
    area += (x - x0) * (y + y0) / 2.0;
    x0 = x, y0 = y;
  }
  return area;
}

void check_scores(VectorView y_true, VectorView y_score, std::string_view what) {
  detail::check_pair(y_true, y_score, what, "y_true", "y_score");
}

// Per-class weighted true positives, predicted and true counts over `labels`.
struct Counts {
  Vector tp, pred, truth;
};

Counts class_counts(VectorView y_true, VectorView y_pred, const Vector& w,
                    const std::vector<double>& labels) {
  const Index k = static_cast<Index>(labels.size());
  Counts c{Vector::Zero(k), Vector::Zero(k), Vector::Zero(k)};
  // Labels in the caller's order; look them up through a sorted copy.
  std::vector<Index> order(labels.size());
  std::iota(order.begin(), order.end(), Index{0});
  std::sort(order.begin(), order.end(), [&](Index a, Index b) {
    return labels[static_cast<std::size_t>(a)] < labels[static_cast<std::size_t>(b)];
  });
  std::vector<double> sorted(labels.size());
  for (std::size_t i = 0; i < order.size(); ++i)
    sorted[i] = labels[static_cast<std::size_t>(order[i])];
  const auto ti = detail::encode(y_true, sorted), pi = detail::encode(y_pred, sorted);
  for (Index i = 0; i < y_true.size(); ++i) {
    const Index t = ti[static_cast<std::size_t>(i)], p = pi[static_cast<std::size_t>(i)];
    if (t >= 0) c.truth[order[static_cast<std::size_t>(t)]] += w[i];
    if (p >= 0) c.pred[order[static_cast<std::size_t>(p)]] += w[i];
    if (t >= 0 && t == p) c.tp[order[static_cast<std::size_t>(t)]] += w[i];
  }
  return c;
}

}  // namespace

double accuracy_score(VectorView y_true, VectorView y_pred, VectorView sample_weight) {
  detail::check_pair(y_true, y_pred, "accuracy_score", "y_true", "y_pred");
  const Vector w = detail::weights_or_ones(sample_weight, y_true.size());
  double hit = 0;
  for (Index i = 0; i < y_true.size(); ++i)
    if (y_true[i] == y_pred[i]) hit += w[i];
  return hit / w.sum();
}

Matrix confusion_matrix(VectorView y_true, VectorView y_pred, VectorView labels,
                        VectorView sample_weight, const std::string& normalize) {
  if (!(normalize.empty() || normalize == "true" || normalize == "pred" || normalize == "all"))
    throw InvalidParameter(
        "The 'normalize' parameter of confusion_matrix must be a str among {'true', 'pred', "
        "'all'} or None. Got '" +
        normalize + "' instead.");
  detail::check_pair(y_true, y_pred, "confusion_matrix", "y_true", "y_pred");
  const Vector w = detail::weights_or_ones(sample_weight, y_true.size());
  std::vector<double> lab;
  if (labels.size() == 0) {
    lab = detail::unique_labels(y_true, y_pred);
  } else {
    check_finite(labels, false, "labels");
    lab.assign(labels.data(), labels.data() + labels.size());
    const auto sorted = detail::unique_labels(labels);
    if (sorted.size() != lab.size()) throw InvalidInput("labels contains repeated values");
    bool any = false;
    for (Index i = 0; i < y_true.size() && !any; ++i)
      any = std::binary_search(sorted.begin(), sorted.end(), y_true[i]);
    if (!any) throw InvalidInput("At least one label specified must be in y_true");
  }
  const Index k = static_cast<Index>(lab.size());
  std::vector<Index> order(lab.size());
  std::iota(order.begin(), order.end(), Index{0});
  std::sort(order.begin(), order.end(), [&](Index a, Index b) {
    return lab[static_cast<std::size_t>(a)] < lab[static_cast<std::size_t>(b)];
  });
  std::vector<double> sorted(lab.size());
  for (std::size_t i = 0; i < order.size(); ++i)
    sorted[i] = lab[static_cast<std::size_t>(order[i])];
  const auto ti = detail::encode(y_true, sorted), pi = detail::encode(y_pred, sorted);
  Matrix C = Matrix::Zero(k, k);
  for (Index i = 0; i < y_true.size(); ++i) {
    const Index t = ti[static_cast<std::size_t>(i)], p = pi[static_cast<std::size_t>(i)];
    if (t >= 0 && p >= 0)
      C(order[static_cast<std::size_t>(t)], order[static_cast<std::size_t>(p)]) += w[i];
  }
  if (normalize == "true") {
    const Vector s = C.rowwise().sum();
    for (Index r = 0; r < k; ++r)
      C.row(r) = s[r] == 0 ? Vector::Zero(k).transpose().eval() : (C.row(r) / s[r]).eval();
  } else if (normalize == "pred") {
    const Vector s = C.colwise().sum().transpose();
    for (Index c = 0; c < k; ++c) C.col(c) = s[c] == 0 ? Vector::Zero(k) : Vector(C.col(c) / s[c]);
  } else if (normalize == "all") {
    const double s = C.sum();
    C = s == 0 ? Matrix::Zero(k, k) : Matrix(C / s);
  }
  return C;
}

double balanced_accuracy_score(VectorView y_true, VectorView y_pred, VectorView sample_weight,
                               bool adjusted) {
  const Matrix C = confusion_matrix(y_true, y_pred, Vector(), sample_weight);
  double sum = 0;
  Index n_classes = 0;
  for (Index i = 0; i < C.rows(); ++i) {
    const double row = C.row(i).sum();
    if (row == 0) continue;  // a class only predicted: scikit-learn drops its NaN recall
    sum += C(i, i) / row;
    ++n_classes;
  }
  double score = sum / static_cast<double>(n_classes);
  if (adjusted) {
    const double chance = 1.0 / static_cast<double>(n_classes);
    score = (score - chance) / (1.0 - chance);
  }
  return score;
}

PrecisionRecallFscore precision_recall_fscore_support(VectorView y_true, VectorView y_pred,
                                                      double beta, const ClassScoreOptions& opt) {
  const std::string& avg = opt.average;
  if (!(avg == "binary" || avg == "micro" || avg == "macro" || avg == "weighted" || avg == "none"))
    throw InvalidParameter(
        "The 'average' parameter must be one of 'binary', 'micro', 'macro', "
        "'weighted' or 'none'. Got '" +
        avg + "' instead.");
  if (!(beta >= 0))
    throw InvalidParameter("The 'beta' parameter must be a float in the range [0.0, inf). Got " +
                           detail::python_float(beta) + " instead.");
  check_zero_division(opt.zero_division);
  detail::check_pair(y_true, y_pred, "precision_recall_fscore_support", "y_true", "y_pred");
  const Vector w = detail::weights_or_ones(opt.sample_weight, y_true.size());
  const auto present = detail::unique_labels(y_true, y_pred);
  std::vector<double> labels;
  if (avg == "binary") {
    if (present.size() > 2)
      throw InvalidInput(
          "Target is multiclass but average='binary'. Please choose another "
          "average setting, one of [None, 'micro', 'macro', 'weighted'].");
    if (present.size() == 2 && !std::binary_search(present.begin(), present.end(), opt.pos_label))
      throw InvalidInput("pos_label=" + detail::python_float(opt.pos_label) +
                         " is not a valid label. It should be one of " + label_list(present));
    labels = {opt.pos_label};
  } else if (opt.labels.size() > 0) {
    check_finite(VectorView(opt.labels), false, "labels");
    labels.assign(opt.labels.data(), opt.labels.data() + opt.labels.size());
  } else {
    labels = present;
  }
  Counts c = class_counts(y_true, y_pred, w, labels);
  if (avg == "micro") {
    c.tp = Vector::Constant(1, c.tp.sum());
    c.pred = Vector::Constant(1, c.pred.sum());
    c.truth = Vector::Constant(1, c.truth.sum());
  }
  PrecisionRecallFscore r;
  r.precision = prf_divide(c.tp, c.pred, opt.zero_division);
  r.recall = prf_divide(c.tp, c.truth, opt.zero_division);
  if (std::isinf(beta)) {
    r.fbeta = r.recall;
  } else if (beta == 0) {
    r.fbeta = r.precision;
  } else {
    const double b2 = beta * beta;
    r.fbeta = prf_divide((1 + b2) * c.tp, b2 * c.truth + c.pred, opt.zero_division);
  }
  if (avg == "none") {
    r.support = c.truth;
    return r;
  }
  const Vector* weights = avg == "weighted" ? &c.truth : nullptr;
  r.precision = Vector::Constant(1, nan_average(r.precision, weights));
  r.recall = Vector::Constant(1, nan_average(r.recall, weights));
  r.fbeta = Vector::Constant(1, nan_average(r.fbeta, weights));
  return r;
}

namespace {
double averaged(VectorView y_true, VectorView y_pred, double beta, const ClassScoreOptions& opt,
                Vector PrecisionRecallFscore::*field, std::string_view what) {
  if (opt.average == "none")
    throw InvalidParameter(std::string(what) +
                           " returns one number: for per-class scores (average 'none') call "
                           "precision_recall_fscore_support");
  return (precision_recall_fscore_support(y_true, y_pred, beta, opt).*field)[0];
}
}  // namespace

double precision_score(VectorView y_true, VectorView y_pred, const ClassScoreOptions& options) {
  return averaged(y_true, y_pred, 1.0, options, &PrecisionRecallFscore::precision,
                  "precision_score");
}

double recall_score(VectorView y_true, VectorView y_pred, const ClassScoreOptions& options) {
  return averaged(y_true, y_pred, 1.0, options, &PrecisionRecallFscore::recall, "recall_score");
}

double f1_score(VectorView y_true, VectorView y_pred, const ClassScoreOptions& options) {
  return averaged(y_true, y_pred, 1.0, options, &PrecisionRecallFscore::fbeta, "f1_score");
}

double fbeta_score(VectorView y_true, VectorView y_pred, double beta,
                   const ClassScoreOptions& options) {
  return averaged(y_true, y_pred, beta, options, &PrecisionRecallFscore::fbeta, "fbeta_score");
}

std::string classification_report(VectorView y_true, VectorView y_pred, VectorView labels,
                                  const std::vector<std::string>& target_names,
                                  VectorView sample_weight, int digits, double zero_division) {
  if (digits < 0)
    throw InvalidParameter(
        "The 'digits' parameter of classification_report must be an int in "
        "the range [0, inf). Got " +
        std::to_string(digits) + " instead.");
  detail::check_pair(y_true, y_pred, "classification_report", "y_true", "y_pred");
  const auto present = detail::unique_labels(y_true, y_pred);
  const bool labels_given = labels.size() > 0;
  std::vector<double> lab = present;
  if (labels_given) lab.assign(labels.data(), labels.data() + labels.size());
  // The micro average is the accuracy when every label of the data is reported.
  bool micro_is_accuracy = true;
  if (labels_given) {
    const auto given = detail::unique_labels(labels);
    micro_is_accuracy = std::includes(given.begin(), given.end(), present.begin(), present.end());
  }
  std::vector<std::string> names = target_names;
  if (!names.empty() && names.size() != lab.size() && !labels_given)
    throw InvalidInput("Number of classes, " + std::to_string(lab.size()) +
                       ", does not match size of target_names, " + std::to_string(names.size()) +
                       ". Try specifying the labels parameter");
  if (names.empty())
    for (double l : lab) names.push_back(detail::python_float(l));
  ClassScoreOptions opt;
  opt.average = "none";
  opt.zero_division = zero_division;
  opt.labels = Eigen::Map<const Vector>(lab.data(), static_cast<Index>(lab.size()));
  opt.sample_weight = sample_weight;
  const auto per = precision_recall_fscore_support(y_true, y_pred, 1.0, opt);
  // scikit-learn prints supports as floats when weighted, and also when no sample is predicted
  // right (its counts then start from a float array of zeros).
  const bool float_support = sample_weight.size() > 0 || (y_true.array() != y_pred.array()).all();
  const auto support = [&](double s) {
    return float_support ? detail::python_float(s) : std::to_string(static_cast<long long>(s));
  };

  std::size_t width = std::string("weighted avg").size();
  for (const auto& n : names) width = std::max(width, n.size());
  width = std::max(width, static_cast<std::size_t>(digits));
  const int wd = static_cast<int>(width);
  char buf[512];
  std::string out;
  const auto row = [&](const std::string& head, double p, double r, double f,
                       const std::string& s) {
    std::snprintf(buf, sizeof buf, "%*s  %9.*f %9.*f %9.*f %9s\n", wd, head.c_str(), digits, p,
                  digits, r, digits, f, s.c_str());
    out += buf;
  };
  std::snprintf(buf, sizeof buf, "%*s  %9s %9s %9s %9s\n\n", wd, "", "precision", "recall",
                "f1-score", "support");
  out += buf;
  const std::size_t n_rows = std::min(names.size(), lab.size());
  for (std::size_t i = 0; i < n_rows; ++i) {
    const auto k = static_cast<Index>(i);
    row(names[i], per.precision[k], per.recall[k], per.fbeta[k], support(per.support[k]));
  }
  out += "\n";
  const std::string total = support(per.support.sum());
  for (const char* average : {"micro", "macro", "weighted"}) {
    opt.average = average;
    const auto a = precision_recall_fscore_support(y_true, y_pred, 1.0, opt);
    if (opt.average == "micro" && micro_is_accuracy) {
      std::snprintf(buf, sizeof buf, "%*s  %9s %9s %9.*f %9s\n", wd, "accuracy", "", "", digits,
                    a.fbeta[0], total.c_str());
      out += buf;
    } else {
      row(opt.average + " avg", a.precision[0], a.recall[0], a.fbeta[0], total);
    }
  }
  return out;
}

double log_loss(VectorView y_true, MatrixView y_proba, VectorView sample_weight,
                VectorView labels) {
  check_consistent_length(y_true.size(), y_proba.rows());
  if (y_true.size() == 0 || y_proba.cols() == 0)
    throw InvalidInput("log_loss needs at least one sample");
  check_finite(y_true, false, "y_true");
  check_finite(y_proba, false, "y_proba");
  if (y_proba.maxCoeff() > 1)
    throw InvalidInput("y_prob contains values greater than 1: " +
                       detail::python_float(y_proba.maxCoeff()));
  if (y_proba.minCoeff() < 0)
    throw InvalidInput("y_prob contains values lower than 0: " +
                       detail::python_float(y_proba.minCoeff()));
  const Vector w = detail::weights_or_ones(sample_weight, y_true.size());
  std::vector<double> classes;
  if (labels.size() > 0) {
    check_finite(labels, false, "labels");
    classes = detail::unique_labels(labels);
    if (classes.size() < 2)
      throw InvalidInput("The labels array needs to contain at least two labels, got " +
                         label_list(classes) + ".");
  } else {
    classes = detail::unique_labels(y_true);
    if (classes.size() < 2)
      throw InvalidInput("y_true contains only one label (" + detail::python_float(classes[0]) +
                         "). Please provide the list of all expected class labels explicitly "
                         "through the labels argument.");
  }
  const auto idx = detail::encode(y_true, classes);
  for (Index i = 0; i < y_true.size(); ++i)
    if (idx[static_cast<std::size_t>(i)] < 0)
      throw InvalidInput("y_true contains the value " + detail::python_float(y_true[i]) +
                         " not belonging to the passed labels " + label_list(classes) + ".");
  const Index k = static_cast<Index>(classes.size());
  const bool one_column = y_proba.cols() == 1;
  if ((one_column ? 2 : y_proba.cols()) != k)
    throw InvalidInput(
        "y_true and y_prob contain different number of classes: " + std::to_string(k) + " vs " +
        std::to_string(one_column ? 2 : y_proba.cols()) +
        ". Please provide the true labels explicitly through the labels argument.");
  const double eps = std::numeric_limits<double>::epsilon();
  double sum = 0, wsum = 0;
  for (Index i = 0; i < y_true.size(); ++i) {
    const Index c = idx[static_cast<std::size_t>(i)];
    double p = one_column ? (c == 1 ? y_proba(i, 0) : 1.0 - y_proba(i, 0)) : y_proba(i, c);
    p = std::clamp(p, eps, 1.0 - eps);
    sum += w[i] * -std::log(p);
    wsum += w[i];
  }
  return sum / wsum;
}

double roc_auc_score(VectorView y_true, VectorView y_score, VectorView sample_weight) {
  check_scores(y_true, y_score, "roc_auc_score");
  const Vector w = detail::weights_or_ones(sample_weight, y_true.size());
  const auto classes = binary_classes(y_true, "roc_auc_score");
  // scikit-learn 1.9 warns and returns NaN when y_true holds one class.
  if (classes.size() < 2) return kNaN;
  std::vector<bool> positive(static_cast<std::size_t>(y_true.size()));
  for (Index i = 0; i < y_true.size(); ++i)
    positive[static_cast<std::size_t>(i)] = y_true[i] == classes[1];
  return binary_roc_auc(positive, y_score, w);
}

double roc_auc_score(VectorView y_true, MatrixView y_proba, const std::string& average,
                     VectorView sample_weight) {
  if (!(average == "macro" || average == "weighted"))
    throw InvalidParameter("average must be 'macro' or 'weighted' for multiclass ROC AUC; got '" +
                           average + "'");
  check_consistent_length(y_true.size(), y_proba.rows());
  if (y_true.size() == 0 || y_proba.cols() == 0)
    throw InvalidInput("roc_auc_score needs at least one sample");
  check_finite(y_true, false, "y_true");
  check_finite(y_proba, false, "y_score");
  if (y_proba.cols() == 2) return roc_auc_score(y_true, Vector(y_proba.col(1)), sample_weight);
  const Vector w = detail::weights_or_ones(sample_weight, y_true.size());
  for (Index i = 0; i < y_proba.rows(); ++i) {
    const double s = y_proba.row(i).sum();
    if (!(std::abs(1.0 - s) <= 1e-8 + 1e-5 * std::abs(s)))
      throw InvalidInput(
          "Target scores need to be probabilities for multiclass roc_auc, i.e. "
          "they should sum up to 1.0 over classes");
  }
  const auto classes = detail::unique_labels(y_true);
  if (static_cast<Index>(classes.size()) != y_proba.cols())
    throw InvalidInput(
        "Number of classes in y_true not equal to the number of columns in "
        "'y_score': " +
        std::to_string(classes.size()) + " vs " + std::to_string(y_proba.cols()));
  const Index k = y_proba.cols();
  Vector scores(k), prevalence(k);
  std::vector<bool> positive(static_cast<std::size_t>(y_true.size()));
  for (Index c = 0; c < k; ++c) {
    prevalence[c] = 0;
    for (Index i = 0; i < y_true.size(); ++i) {
      positive[static_cast<std::size_t>(i)] = y_true[i] == classes[static_cast<std::size_t>(c)];
      if (positive[static_cast<std::size_t>(i)]) prevalence[c] += w[i];
    }
    scores[c] = binary_roc_auc(positive, y_proba.col(c), w);
  }
  if (average == "macro") return scores.mean();
  const double total = prevalence.sum();
  if (std::abs(total) <= 1e-8) return 0.0;
  return scores.dot(prevalence) / total;
}

double average_precision_score(VectorView y_true, VectorView y_score, double pos_label,
                               VectorView sample_weight) {
  check_scores(y_true, y_score, "average_precision_score");
  const Vector w = detail::weights_or_ones(sample_weight, y_true.size());
  const auto classes = binary_classes(y_true, "average_precision_score");
  if (classes.size() == 2 && !std::binary_search(classes.begin(), classes.end(), pos_label))
    throw InvalidInput("pos_label=" + detail::python_float(pos_label) +
                       " is not a valid label. It should be one of " + label_list(classes));
  std::vector<bool> positive(static_cast<std::size_t>(y_true.size()));
  for (Index i = 0; i < y_true.size(); ++i)
    positive[static_cast<std::size_t>(i)] = y_true[i] == pos_label;
  const ClfCurve c = binary_clf_curve(positive, y_score, w);
  const double P = c.tps.back();
  double ap = 0, r0 = 0;
  for (std::size_t k = 0; k < c.tps.size(); ++k) {
    const double ps = c.tps[k] + c.fps[k];
    const double precision = ps != 0 ? c.tps[k] / ps : 0.0;
    // No positive at all: scikit-learn sets every recall to 1.
    const double recall = P != 0 ? c.tps[k] / P : 1.0;
    ap += (recall - r0) * precision;
    r0 = recall;
  }
  return std::max(0.0, ap);
}

double matthews_corrcoef(VectorView y_true, VectorView y_pred, VectorView sample_weight) {
  const Matrix C = confusion_matrix(y_true, y_pred, Vector(), sample_weight);
  const Vector t = C.rowwise().sum(), p = C.colwise().sum().transpose();
  const double correct = C.trace(), n = p.sum();
  const double cov_tp = correct * n - t.dot(p);
  const double cov_pp = n * n - p.dot(p);
  const double cov_tt = n * n - t.dot(t);
  const double den = cov_pp * cov_tt;
  return den == 0 ? 0.0 : cov_tp / std::sqrt(den);
}

}  // namespace mlkit::metrics
