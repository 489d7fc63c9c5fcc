#pragma once
/// @file linear_regression.hpp
/// @brief Ordinary least squares, as scikit-learn's LinearRegression.

#include <optional>

#include "mlkit/core/estimator.hpp"

namespace mlkit::linear_model {

/// @brief Hyperparameters of LinearRegression (documented in its parameter table).
struct LinearRegressionParams {
  bool fit_intercept = true;
  bool copy_X = true;
  double tol = 1e-6;
  std::optional<int> n_jobs;
  bool positive = false;
};

/// @brief The minimum-norm solution of min ||sqrt(w) (y - X b - c)||², singular values below
/// tol · σ_max treated as zero (LAPACK gelsd's rule, as scipy.linalg.lstsq). When n > p and the
/// centred X has cond <= 1e3, by the eigendecomposition of the normal equations (formed in one
/// parallel pass over X); otherwise by QR then SVD. positive=True gives the non-negative
/// least-squares solution (Lawson–Hanson, as scipy.optimize.nnls). Supports sample_weight and
/// several targets.
class LinearRegression final : public Estimator {
 public:
  using Params = LinearRegressionParams;
  explicit LinearRegression(Params params = {});

  const Params& params() const { return params_; }
  std::unique_ptr<Estimator> clone() const override;
  std::string_view name() const override { return "linear_regression"; }
  const Tags& tags() const override;
  const ParamTable& param_table() const override;

  /// @brief Coefficients, n_targets × n_features.
  const Matrix& coef() const;
  /// @brief Intercepts, one per target (zeros when fit_intercept is false).
  const Vector& intercept() const;
  /// @brief Effective rank of the centred, weighted X (0 when positive=True, where it is not
  /// computed).
  Index rank() const;
  /// @brief Singular values of the centred, weighted X, largest first.
  const Vector& singular() const;  // empty when positive=True

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
    Index rank = 0;
    Vector singular;
  };
  Params params_;
  State state_;
};

}  // namespace mlkit::linear_model
