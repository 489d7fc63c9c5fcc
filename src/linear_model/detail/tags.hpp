#pragma once
// The tags every least-squares regressor of this area shares (LinearRegression, Ridge, RidgeCV).

#include "mlkit/core/estimator.hpp"

namespace mlkit::linear_model::detail {

/// A regressor with coef_ and intercept_ per target, taking sample weights and several targets.
inline const Tags& least_squares_tags() {
  static const Tags t = [] {
    Tags t;
    t.kind = Tags::Kind::Regressor;
    t.multi_output = true;
    t.supports_sample_weight = true;
    t.has_predict = true;
    t.per_target_state = {"coef_", "intercept_"};
    return t;
  }();
  return t;
}

}  // namespace mlkit::linear_model::detail
