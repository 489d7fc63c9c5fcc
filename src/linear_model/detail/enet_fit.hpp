#pragma once
// The fit of ElasticNet and Lasso, shared with the refit of their cross-validated forms:
// scikit-learn's ElasticNet.fit (weights rescaled to sum to n, data centred and scaled by
// sqrt(weight), one coordinate-descent solve per target).

#include <optional>
#include <string>

#include "mlkit/core/estimator.hpp"
#include "mlkit/linear_model/elastic_net.hpp"
#include "src/linear_model/detail/coordinate_descent.hpp"

namespace mlkit::linear_model::detail {

/// The settings of one ElasticNet fit.
struct EnetConfig {
  double alpha = 1.0;
  double l1_ratio = 1.0;
  bool fit_intercept = true;
  ParamValue precompute = false;
  int max_iter = 1000;
  double tol = 1e-4;
  bool positive = false;
  std::optional<int> random_state;
  std::string selection = "cyclic";
};

/// Whether to use the Gram matrix: precompute True, or 'auto' with n_samples > n_features.
bool use_gram(const ParamValue& precompute, Index n_samples, Index n_features);

/// Coordinate-descent settings from the estimator's max_iter, tol, positive, selection and
/// random_state.
CdSettings cd_settings(int max_iter, double tol, bool positive, const std::string& selection,
                       std::optional<int> random_state);

/// Sample weights rescaled to sum to n (scikit-learn's ElasticNet.fit); empty stays empty.
Vector rescaled_weights(const Vector& sample_weight, Index n);

/// Fit every target of Y (n × k); @p warm (k × p) starts the solves when not empty.
CoordinateDescentModel::Fit fit_enet(MatrixView X, MatrixView Y, const Vector& sample_weight,
                                     const EnetConfig& c, const Matrix& warm,
                                     std::string_view owner);

/// The tags of the coordinate-descent regressors.
const Tags& cd_tags(bool multi_output);

}  // namespace mlkit::linear_model::detail
