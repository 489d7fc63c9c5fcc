#pragma once
/// @file simple_imputer.hpp
/// @brief Replace missing values (NaN) by a per-feature statistic or a constant, as
/// scikit-learn's SimpleImputer with missing_values=NaN.

#include <optional>
#include <string>

#include "mlkit/core/estimator.hpp"

namespace mlkit::preprocessing {

/// @brief Hyperparameters of SimpleImputer (documented in its parameter table). Missing values
/// are always NaN; string fill values and add_indicator are not supported.
struct SimpleImputerParams {
  std::string strategy = "mean";
  std::optional<double> fill_value = std::nullopt;
  bool copy = true;
  bool keep_empty_features = false;
};

/// @brief Fills NaN with statistics_ (mean, median, most frequent value or fill_value). Features
/// that were entirely missing in fit are dropped from the output unless keep_empty_features.
class SimpleImputer final : public Estimator {
 public:
  using Params = SimpleImputerParams;
  explicit SimpleImputer(Params params = {});

  const Params& params() const { return params_; }
  std::unique_ptr<Estimator> clone() const override;
  std::string_view name() const override { return "simple_imputer"; }
  const Tags& tags() const override;
  const ParamTable& param_table() const override;

  /// @brief Per-feature fill value; NaN for a feature that was entirely missing (and is dropped).
  const Vector& statistics() const;

 protected:
  void fit_impl(MatrixView X, MatrixView Y, const FitOptions& opts) override;
  Matrix transform_impl(MatrixView X) const override;
  const void* param_struct() const override { return &params_; }
  void save_state(nlohmann::json& state) const override;
  void load_state(const nlohmann::json& state, Index n_features_in, Index n_targets) override;

 private:
  Params params_;
  Vector statistics_;
};

}  // namespace mlkit::preprocessing
