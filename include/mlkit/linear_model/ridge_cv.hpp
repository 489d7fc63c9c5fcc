#pragma once
/// @file ridge_cv.hpp
/// @brief Ridge with the penalty chosen by efficient leave-one-out cross-validation, as
/// scikit-learn's RidgeCV with cv=None.

#include <optional>
#include <string>

#include "mlkit/core/estimator.hpp"

namespace mlkit::linear_model {

/// @brief Hyperparameters of RidgeCV (documented in its parameter table).
struct RidgeCVParams {
  ParamValue alphas = ParamValue::List{0.1, 1.0, 10.0};
  bool fit_intercept = true;
  std::optional<std::string> gcv_mode;
  bool store_cv_results = false;
  bool alpha_per_target = false;
};

/// @brief For each alpha, the leave-one-out residuals of ridge regression come in closed form
/// from one decomposition of the centred, sqrt(w)-scaled X (scikit-learn's _RidgeGCV): the
/// eigendecomposition of X Xᵀ when n <= p ("gram") or of Xᵀ X otherwise ("cov"), or the thin
/// SVD of X (gcv_mode="svd"); all by Eigen. The alpha with the smallest mean squared
/// leave-one-out error is kept (the first on ties), for all targets or per target.
class RidgeCV final : public Estimator {
 public:
  using Params = RidgeCVParams;
  explicit RidgeCV(Params params = {});

  const Params& params() const { return params_; }
  std::unique_ptr<Estimator> clone() const override;
  std::string_view name() const override { return "ridge_cv"; }
  const Tags& tags() const override;
  const ParamTable& param_table() const override;

  /// @brief Coefficients at the chosen alpha(s), n_targets × n_features.
  const Matrix& coef() const;
  /// @brief Intercepts, one per target.
  const Vector& intercept() const;
  /// @brief The chosen alpha: one value, or one per target when alpha_per_target and several
  /// targets.
  const Vector& alpha() const;
  /// @brief Minus the mean squared leave-one-out error at the chosen alpha(s); same shape as
  /// alpha().
  const Vector& best_score() const;
  /// @brief Squared leave-one-out errors, (n_samples · n_targets) × n_alphas, row i·k + t for
  /// sample i and target t; empty unless store_cv_results.
  const Matrix& cv_results() const;

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
    Vector alpha;
    Vector best_score;
    Matrix cv_results;
    Index cv_targets = 0;  // targets in cv_results (0 when not stored)
  };
  Params params_;
  State state_;
};

}  // namespace mlkit::linear_model
