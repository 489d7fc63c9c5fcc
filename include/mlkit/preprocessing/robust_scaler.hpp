#pragma once
/// @file robust_scaler.hpp
/// @brief Scale features with statistics robust to outliers (median and interquantile range), as
/// scikit-learn's RobustScaler. NaN is ignored in fit and passed through in transform.

#include <vector>

#include "mlkit/core/estimator.hpp"

namespace mlkit::preprocessing {

/// @brief Hyperparameters of RobustScaler (documented in its parameter table).
struct RobustScalerParams {
  bool with_centering = true;
  bool with_scaling = true;
  std::vector<double> quantile_range = {25.0, 75.0};
  bool copy = true;
  bool unit_variance = false;
};

/// @brief x' = (x - center_) / scale_, center_ the median and scale_ the interquantile range.
class RobustScaler final : public Estimator {
 public:
  using Params = RobustScalerParams;
  explicit RobustScaler(Params params = {});

  const Params& params() const { return params_; }
  std::unique_ptr<Estimator> clone() const override;
  std::string_view name() const override { return "robust_scaler"; }
  const Tags& tags() const override;
  const ParamTable& param_table() const override;

  /// @brief Per-feature median; empty when with_centering is false.
  const Vector& center() const;
  /// @brief Per-feature interquantile range (1 where it is zero); empty when with_scaling is
  /// false.
  const Vector& scale() const;

 protected:
  void validate_params() const override;
  void fit_impl(MatrixView X, MatrixView Y, const FitOptions& opts) override;
  Matrix transform_impl(MatrixView X) const override;
  Matrix inverse_transform_impl(MatrixView X) const override;
  const void* param_struct() const override { return &params_; }
  void save_state(nlohmann::json& state) const override;
  void load_state(const nlohmann::json& state, Index n_features_in, Index n_targets) override;

 private:
  struct State {
    Vector center, scale;
  };
  Params params_;
  State state_;
};

}  // namespace mlkit::preprocessing
