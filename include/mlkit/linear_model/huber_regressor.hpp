#pragma once
/// @file huber_regressor.hpp
/// @brief Linear regression with the Huber loss and a jointly fitted scale, as scikit-learn's
/// HuberRegressor.

#include "mlkit/core/estimator.hpp"

namespace mlkit::linear_model {

/// @brief Hyperparameters of HuberRegressor (documented in its parameter table).
struct HuberRegressorParams {
  double epsilon = 1.35;
  int max_iter = 100;
  double alpha = 1e-4;
  bool warm_start = false;
  bool fit_intercept = true;
  double tol = 1e-5;
};

/// @brief Minimises over w, c and sigma > 0 (Owen 2007, "A robust hybrid of lasso and ridge
/// regression", as scikit-learn):
///   sum_i s_i (sigma + H_eps((y_i - x_i·w - c) / sigma) sigma) + alpha ||w||²
/// where H_eps is the Huber function (squared below eps, linear above). L-BFGS-B with the bound
/// sigma >= 10 eps_machine, SciPy's default stopping rules (ftol = 2.2e-9, 20 line-search
/// steps); a failed line search is an error, as in scikit-learn.
class HuberRegressor final : public Estimator {
 public:
  using Params = HuberRegressorParams;
  explicit HuberRegressor(Params params = {});

  const Params& params() const { return params_; }
  std::unique_ptr<Estimator> clone() const override;
  std::string_view name() const override { return "huber_regressor"; }
  const Tags& tags() const override;
  const ParamTable& param_table() const override;

  /// @brief Coefficients, 1 × n_features.
  const Matrix& coef() const;
  /// @brief The intercept (one entry; 0 when fit_intercept is false).
  const Vector& intercept() const;
  /// @brief The fitted scale sigma.
  double scale() const;
  /// @brief 1 for the training samples whose residual exceeds epsilon · scale, else 0.
  const Vector& outliers() const;
  int n_iter() const;

 protected:
  void fit_impl(MatrixView X, MatrixView Y, const FitOptions& opts) override;
  Matrix predict_impl(MatrixView X) const override;
  const void* param_struct() const override { return &params_; }
  void save_state(nlohmann::json& state) const override;
  void load_state(const nlohmann::json& state, Index n_features_in, Index n_targets) override;

 private:
  struct State {
    Matrix coef;
    Vector intercept;
    double scale = 1;
    Vector outliers;
    int n_iter = 0;
  };
  Params params_;
  State state_;
};

}  // namespace mlkit::linear_model
