#pragma once
/// @file bayesian_ridge.hpp
/// @brief Bayesian ridge regression with evidence maximisation, as scikit-learn's BayesianRidge.

#include <optional>

#include "mlkit/core/estimator.hpp"

namespace mlkit::linear_model {

/// @brief Hyperparameters of BayesianRidge (documented in its parameter table).
struct BayesianRidgeParams {
  int max_iter = 300;
  double tol = 1e-3;
  double alpha_1 = 1e-6;
  double alpha_2 = 1e-6;
  double lambda_1 = 1e-6;
  double lambda_2 = 1e-6;
  std::optional<double> alpha_init;
  std::optional<double> lambda_init;
  bool compute_score = false;
  bool fit_intercept = true;
  bool copy_X = true;
  bool verbose = false;
};

/// @brief A Gaussian prior of precision lambda on the coefficients and Gaussian noise of
/// precision alpha; both are re-estimated from the data by MacKay's fixed-point updates (MacKay,
/// "Bayesian interpolation", 1992) with Gamma hyperpriors, from one decomposition of the centred,
/// sqrt(w)-scaled X: the eigendecomposition of XᵀX (formed in one parallel pass) when n > p,
/// else its SVD. Stops when the coefficients move by less than tol in L1 norm.
class BayesianRidge final : public Estimator {
 public:
  using Params = BayesianRidgeParams;
  explicit BayesianRidge(Params params = {});

  const Params& params() const { return params_; }
  std::unique_ptr<Estimator> clone() const override;
  std::string_view name() const override { return "bayesian_ridge"; }
  const Tags& tags() const override;
  const ParamTable& param_table() const override;

  /// @brief Posterior mean of the coefficients (n_features).
  const Vector& coef() const;
  double intercept() const;
  /// @brief Estimated noise precision.
  double alpha() const;
  /// @brief Estimated weight precision.
  double lambda() const;
  /// @brief Posterior covariance of the coefficients (p × p).
  const Matrix& sigma() const;
  /// @brief Log marginal likelihood at each iteration and at the end (compute_score only).
  const Vector& scores() const;
  Index n_iter() const;

 protected:
  void fit_impl(MatrixView X, MatrixView Y, const FitOptions& opts) override;
  Matrix predict_impl(MatrixView X) const override;
  const void* param_struct() const override { return &params_; }
  void save_state(nlohmann::json& state) const override;
  void load_state(const nlohmann::json& state, Index n_features_in, Index n_targets) override;

 private:
  struct State {
    Vector coef;
    double intercept = 0;
    double alpha = 0;
    double lambda = 0;
    Matrix sigma;
    Vector scores;
    Vector x_offset;
    Index n_iter = 0;
  };
  Params params_;
  State state_;
};

}  // namespace mlkit::linear_model
