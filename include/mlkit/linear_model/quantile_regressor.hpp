#pragma once
/// @file quantile_regressor.hpp
/// @brief Linear regression of a conditional quantile (pinball loss, L1 penalty), as
/// scikit-learn's QuantileRegressor.

#include <string>

#include "mlkit/core/estimator.hpp"

namespace mlkit::linear_model {

/// @brief Hyperparameters of QuantileRegressor (documented in its parameter table).
struct QuantileRegressorParams {
  double quantile = 0.5;
  double alpha = 1.0;
  bool fit_intercept = true;
  std::string solver = "highs";
  ParamValue solver_options;  ///< None
};

/// @brief Minimises over w and c
///   sum_i s_i rho_q(y_i - x_i·w - c) + alpha (sum_i s_i) ||w||_1,
/// with rho_q(r) = q max(r, 0) + (1 - q) max(-r, 0) the pinball loss, as scikit-learn (which
/// divides the loss by the sum of the weights instead of multiplying the penalty by it).
///
/// The problem is a linear programme (Koenker & Bassett 1978, "Regression quantiles"). mlkit
/// solves its dual, which has one bounded variable per sample and one row per coefficient,
///   max y·d  s.t.  -(1 - q) s_i <= d_i <= q s_i,  |X_j·d| <= alpha sum_i s_i,  sum_i d_i = 0,
/// with COIN-OR Clp; the coefficients are the row multipliers, so the solution is a vertex of
/// the primal problem, like the HiGHS simplex scikit-learn calls through scipy.optimize.linprog.
class QuantileRegressor final : public Estimator {
 public:
  using Params = QuantileRegressorParams;
  explicit QuantileRegressor(Params params = {});

  const Params& params() const { return params_; }
  std::unique_ptr<Estimator> clone() const override;
  std::string_view name() const override { return "quantile_regressor"; }
  const Tags& tags() const override;
  const ParamTable& param_table() const override;

  /// @brief Coefficients, 1 × n_features.
  const Matrix& coef() const;
  /// @brief The intercept (one entry; 0 when fit_intercept is false).
  const Vector& intercept() const;
  /// @brief Simplex (or barrier) iterations of the LP solver.
  int n_iter() const;

 protected:
  void fit_impl(MatrixView X, MatrixView Y, const FitOptions& opts) override;
  Matrix predict_impl(MatrixView X) const override;
  void validate_params() const override;
  const void* param_struct() const override { return &params_; }
  void save_state(nlohmann::json& state) const override;
  void load_state(const nlohmann::json& state, Index n_features_in, Index n_targets) override;

 private:
  struct State {
    Matrix coef;
    Vector intercept;
    int n_iter = 0;
  };
  Params params_;
  State state_;
};

}  // namespace mlkit::linear_model
