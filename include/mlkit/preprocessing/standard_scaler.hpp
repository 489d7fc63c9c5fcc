#pragma once
/// @file standard_scaler.hpp
/// @brief Standardise features by removing the mean and scaling to unit variance, as
/// scikit-learn's StandardScaler. NaN is ignored in fit and passed through in transform.

#include "mlkit/core/estimator.hpp"

namespace mlkit::preprocessing {

/// @brief Hyperparameters of StandardScaler (documented in its parameter table).
struct StandardScalerParams {
  bool copy = true;
  bool with_mean = true;
  bool with_std = true;
};

/// @brief z = (x - mean_) / scale_, with weighted statistics when sample_weight is given.
class StandardScaler final : public Estimator {
 public:
  using Params = StandardScalerParams;
  explicit StandardScaler(Params params = {});

  const Params& params() const { return params_; }
  std::unique_ptr<Estimator> clone() const override;
  std::string_view name() const override { return "standard_scaler"; }
  const Tags& tags() const override;
  const ParamTable& param_table() const override;

  /// @brief Per-feature mean; empty when with_mean and with_std are both false.
  const Vector& mean() const;
  /// @brief Per-feature variance; empty when with_std is false.
  const Vector& var() const;
  /// @brief Per-feature scale (sqrt(var), 1 for constant features); empty when with_std is false.
  const Vector& scale() const;
  /// @brief Per-feature count of non-NaN samples (sum of their weights with sample_weight).
  const Vector& n_samples_seen() const;

 protected:
  void fit_impl(MatrixView X, MatrixView Y, const FitOptions& opts) override;
  Matrix transform_impl(MatrixView X) const override;
  Matrix inverse_transform_impl(MatrixView X) const override;
  const void* param_struct() const override { return &params_; }
  void save_state(nlohmann::json& state) const override;
  void load_state(const nlohmann::json& state, Index n_features_in, Index n_targets) override;

 private:
  struct State {
    Vector mean, var, scale, n_samples_seen;
  };
  Params params_;
  State state_;
};

}  // namespace mlkit::preprocessing
