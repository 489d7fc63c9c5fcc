#pragma once
/// @file ridge.hpp
/// @brief Linear least squares with an L2 penalty, as scikit-learn's Ridge.

#include <optional>
#include <string>

#include "mlkit/core/estimator.hpp"

namespace mlkit::linear_model {

/// @brief Hyperparameters of Ridge (documented in its parameter table).
struct RidgeParams {
  ParamValue alpha = 1.0;  ///< one float >= 0, or a list with one per target
  bool fit_intercept = true;
  bool copy_X = true;
  std::optional<int> max_iter;
  double tol = 1e-4;
  std::string solver = "auto";
  bool positive = false;
};

/// @brief Minimises ||sqrt(w) (y - X b - c)||² + alpha ||b||² for each target. Solvers:
/// "cholesky" (normal equations by Eigen's LLT; the n × n kernel form when p > n), "svd"
/// (Eigen's BDCSVD; singular values at or below 1e-15 dropped, as scikit-learn) and "sparse_cg"
/// (Eigen's ConjugateGradient, unpreconditioned, stopping at ||r|| <= tol ||b|| as SciPy's cg).
/// "auto" is "cholesky", which falls back to "svd" when the system is not positive definite
/// (alpha = 0 on a rank-deficient X). When n >= p the cholesky and sparse_cg solvers work on the
/// normal equations, formed in one parallel pass over X without a centred copy. positive=True
/// solves the non-negative problem by Lawson–Hanson's active-set method on the normal equations
/// (scikit-learn uses L-BFGS-B; the minimiser is the same). Supports sample_weight and several
/// targets.
class Ridge final : public Estimator {
 public:
  using Params = RidgeParams;
  explicit Ridge(Params params = {});

  const Params& params() const { return params_; }
  std::unique_ptr<Estimator> clone() const override;
  std::string_view name() const override { return "ridge"; }
  const Tags& tags() const override;
  const ParamTable& param_table() const override;

  /// @brief Coefficients, n_targets × n_features.
  const Matrix& coef() const;
  /// @brief Intercepts, one per target (zeros when fit_intercept is false).
  const Vector& intercept() const;
  /// @brief The solver that computed the fit ("cholesky", "svd", "sparse_cg" or "nnls").
  const std::string& solver_used() const;
  /// @brief Iterations per target: conjugate-gradient iterations for sparse_cg, 1 (one direct
  /// solve) for cholesky and svd, where scikit-learn reports None.
  const Vector& n_iter() const;

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
    std::string solver;
    Vector n_iter;
  };
  Params params_;
  State state_;
};

}  // namespace mlkit::linear_model
