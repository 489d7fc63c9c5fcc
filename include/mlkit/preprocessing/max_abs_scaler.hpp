#pragma once
/// @file max_abs_scaler.hpp
/// @brief Scale each feature by its maximum absolute value, as scikit-learn's MaxAbsScaler. NaN
/// is ignored in fit and passed through in transform.

#include "mlkit/core/estimator.hpp"

namespace mlkit::preprocessing {

/// @brief Hyperparameters of MaxAbsScaler (documented in its parameter table).
struct MaxAbsScalerParams {
  bool copy = true;
  bool clip = false;
};

/// @brief x' = x / scale_, with scale_ the per-feature maximum of |x| (1 for all-zero features).
class MaxAbsScaler final : public Estimator {
 public:
  using Params = MaxAbsScalerParams;
  explicit MaxAbsScaler(Params params = {});

  const Params& params() const { return params_; }
  std::unique_ptr<Estimator> clone() const override;
  std::string_view name() const override { return "max_abs_scaler"; }
  const Tags& tags() const override;
  const ParamTable& param_table() const override;

  /// @brief Per-feature maximum absolute value seen in fit (NaN ignored).
  const Vector& max_abs() const;
  /// @brief Per-feature scale: max_abs_, or 1 where it is (near) zero.
  const Vector& scale() const;
  /// @brief Number of rows seen in fit.
  Index n_samples_seen() const;

 protected:
  void fit_impl(MatrixView X, MatrixView Y, const FitOptions& opts) override;
  Matrix transform_impl(MatrixView X) const override;
  Matrix inverse_transform_impl(MatrixView X) const override;
  const void* param_struct() const override { return &params_; }
  void save_state(nlohmann::json& state) const override;
  void load_state(const nlohmann::json& state, Index n_features_in, Index n_targets) override;

 private:
  struct State {
    Vector max_abs, scale;
    Index n_samples_seen = 0;
  };
  Params params_;
  State state_;
};

}  // namespace mlkit::preprocessing
