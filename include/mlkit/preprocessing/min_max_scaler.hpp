#pragma once
/// @file min_max_scaler.hpp
/// @brief Scale each feature to a given range, as scikit-learn's MinMaxScaler. NaN is ignored in
/// fit and passed through in transform.

#include <vector>

#include "mlkit/core/estimator.hpp"

namespace mlkit::preprocessing {

/// @brief Hyperparameters of MinMaxScaler (documented in its parameter table).
struct MinMaxScalerParams {
  std::vector<double> feature_range = {0.0, 1.0};
  bool copy = true;
  bool clip = false;
};

/// @brief x' = x * scale_ + min_, mapping [data_min_, data_max_] onto feature_range.
class MinMaxScaler final : public Estimator {
 public:
  using Params = MinMaxScalerParams;
  explicit MinMaxScaler(Params params = {});

  const Params& params() const { return params_; }
  std::unique_ptr<Estimator> clone() const override;
  std::string_view name() const override { return "min_max_scaler"; }
  const Tags& tags() const override;
  const ParamTable& param_table() const override;

  /// @brief Per-feature additive adjustment, feature_range[0] - data_min_ * scale_.
  const Vector& min() const;
  /// @brief Per-feature scale, (feature_range[1] - feature_range[0]) / data_range_.
  const Vector& scale() const;
  /// @brief Per-feature minimum seen in fit (NaN ignored).
  const Vector& data_min() const;
  /// @brief Per-feature maximum seen in fit (NaN ignored).
  const Vector& data_max() const;
  /// @brief data_max_ - data_min_.
  const Vector& data_range() const;
  /// @brief Number of rows seen in fit.
  Index n_samples_seen() const;

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
    Vector min, scale, data_min, data_max, data_range;
    Index n_samples_seen = 0;
  };
  Params params_;
  State state_;
};

}  // namespace mlkit::preprocessing
