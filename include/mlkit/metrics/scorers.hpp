#pragma once
/// @file scorers.hpp
/// @brief Scorers by name, as scikit-learn's `scoring=` strings: each calls a fitted estimator on
/// X (predict, predict_proba or decision_function) and compares with y, greater is better (the
/// losses are negated: "neg_mean_squared_error").

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "mlkit/core/estimator.hpp"
#include "mlkit/core/types.hpp"

namespace mlkit::metrics {

/// @brief A named score of a fitted estimator on data.
class Scorer {
 public:
  using Fn = std::function<double(const Estimator&, MatrixView, VectorView, VectorView)>;
  Scorer(std::string name, Fn fn);

  /// @brief The scorer's name, e.g. "f1_macro".
  const std::string& name() const { return name_; }
  /// @brief The score of a fitted estimator on X against y (greater is better).
  /// @param sample_weight per-sample weights; empty means unit weights
  double operator()(const Estimator& estimator, MatrixView X, VectorView y,
                    VectorView sample_weight = Vector()) const;

 private:
  std::string name_;
  Fn fn_;
};

/// @brief The scorer of this name; an unknown name throws InvalidParameter listing the valid ones.
/// @param name one of scorer_names(), e.g. "accuracy", "roc_auc", "neg_mean_squared_error"
const Scorer& get_scorer(std::string_view name);

/// @brief Every scorer name, sorted.
std::vector<std::string> scorer_names();

}  // namespace mlkit::metrics
