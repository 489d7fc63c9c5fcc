#include "mlkit/metrics/scorers.hpp"

#include <algorithm>
#include <map>
#include <memory>

#include "mlkit/core/errors.hpp"
#include "mlkit/metrics/classification.hpp"
#include "mlkit/metrics/regression.hpp"
#include "src/metrics/detail/checks.hpp"

namespace mlkit::metrics {

Scorer::Scorer(std::string name, Fn fn) : name_(std::move(name)), fn_(std::move(fn)) {}

double Scorer::operator()(const Estimator& estimator, MatrixView X, VectorView y,
                          VectorView sample_weight) const {
  return fn_(estimator, X, y, sample_weight);
}

namespace {

using Metric = double (*)(VectorView, VectorView, VectorView);

// A score of predict's output; `sign` -1 turns a loss into a score.
Scorer::Fn on_predict(Metric metric, double sign) {
  return [metric, sign](const Estimator& est, MatrixView X, VectorView y, VectorView w) {
    return sign * metric(y, est.predict(X), w);
  };
}

Scorer::Fn set_wise(const std::string& kind, const std::string& average) {
  return [kind, average](const Estimator& est, MatrixView X, VectorView y, VectorView w) {
    ClassScoreOptions opt;
    opt.average = average;
    opt.sample_weight = w;
    const Vector pred = est.predict(X);
    const auto r = precision_recall_fscore_support(y, pred, 1.0, opt);
    return kind == "precision" ? r.precision[0] : kind == "recall" ? r.recall[0] : r.fbeta[0];
  };
}

// The score of the positive class of a binary problem, as scikit-learn's scorers take it:
// decision_function where the estimator has one, else the predict_proba column of pos_label
// (classes are the sorted labels of y, which must match the columns).
Vector positive_scores(const Estimator& est, MatrixView X, VectorView y, double pos_label) {
  if (est.tags().has_decision_function) {
    const Matrix d = est.decision_function(X);
    if (d.cols() != 1)
      throw InvalidInput("a binary score needs a single decision_function column; got " +
                         std::to_string(d.cols()));
    return d.col(0);
  }
  const Matrix p = est.predict_proba(X);
  const auto classes = detail::unique_labels(y);
  Index col = p.cols() - 1;
  if (classes.size() == static_cast<std::size_t>(p.cols())) {
    const auto it = std::find(classes.begin(), classes.end(), pos_label);
    if (it != classes.end()) col = it - classes.begin();
  }
  if (p.cols() > 2)
    throw InvalidInput("a binary score needs at most two predict_proba columns; got " +
                       std::to_string(p.cols()));
  return p.col(col);
}

std::map<std::string, std::unique_ptr<Scorer>, std::less<>> make_scorers() {
  std::map<std::string, std::unique_ptr<Scorer>, std::less<>> m;
  const auto add = [&](const std::string& name, Scorer::Fn fn) {
    m.emplace(name, std::make_unique<Scorer>(name, std::move(fn)));
  };
  add("accuracy", on_predict(&accuracy_score, 1.0));
  add("balanced_accuracy", [](const Estimator& est, MatrixView X, VectorView y, VectorView w) {
    return balanced_accuracy_score(y, est.predict(X), w);
  });
  add("matthews_corrcoef", on_predict(&matthews_corrcoef, 1.0));
  for (const std::string kind : {"precision", "recall", "f1"}) {
    add(kind, set_wise(kind, "binary"));
    for (const std::string average : {"macro", "micro", "weighted"})
      add(kind + "_" + average, set_wise(kind, average));
  }
  add("roc_auc", [](const Estimator& est, MatrixView X, VectorView y, VectorView w) {
    return roc_auc_score(y, positive_scores(est, X, y, 1.0), w);
  });
  for (const std::string average : {"macro", "weighted"})
    add(average == "macro" ? "roc_auc_ovr" : "roc_auc_ovr_weighted",
        [average](const Estimator& est, MatrixView X, VectorView y, VectorView w) {
          return roc_auc_score(y, est.predict_proba(X), average, w);
        });
  add("average_precision", [](const Estimator& est, MatrixView X, VectorView y, VectorView w) {
    return average_precision_score(y, positive_scores(est, X, y, 1.0), 1.0, w);
  });
  add("neg_log_loss", [](const Estimator& est, MatrixView X, VectorView y, VectorView w) {
    return -log_loss(y, est.predict_proba(X), w);
  });
  add("neg_mean_squared_error", on_predict(&mean_squared_error, -1.0));
  add("neg_root_mean_squared_error", on_predict(&root_mean_squared_error, -1.0));
  add("neg_mean_absolute_error", on_predict(&mean_absolute_error, -1.0));
  add("neg_median_absolute_error", on_predict(&median_absolute_error, -1.0));
  add("r2", on_predict(&r2_score, 1.0));
  add("explained_variance", on_predict(&explained_variance_score, 1.0));
  return m;
}

const std::map<std::string, std::unique_ptr<Scorer>, std::less<>>& scorers() {
  static const auto m = make_scorers();
  return m;
}

}  // namespace

const Scorer& get_scorer(std::string_view name) {
  const auto& m = scorers();
  const auto it = m.find(name);
  if (it == m.end()) {
    std::string msg = "'";
    msg.append(name);
    msg += "' is not a valid scoring value. Valid options are: ";
    const auto names = scorer_names();
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (i) msg += ", ";
      msg += names[i];
    }
    throw InvalidParameter(msg);
  }
  return *it->second;
}

std::vector<std::string> scorer_names() {
  std::vector<std::string> names;
  for (const auto& [name, _] : scorers()) names.push_back(name);
  return names;
}

}  // namespace mlkit::metrics
