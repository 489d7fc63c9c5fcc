#pragma once
/// @file label_encoder.hpp
/// @brief Encode labels (numeric values) as codes 0 .. n_classes - 1, as scikit-learn's
/// LabelEncoder, fitted on X instead of y.

#include "mlkit/core/estimator.hpp"

namespace mlkit::preprocessing {

/// @brief Hyperparameters of LabelEncoder: none.
struct LabelEncoderParams {};

/// @brief classes_ are the sorted distinct values of X; transform gives each value's index in
/// classes_, inverse_transform the class of each code. X is meant to be one column (scikit-learn's
/// y); with several columns their values share one set of classes.
class LabelEncoder final : public Estimator {
 public:
  using Params = LabelEncoderParams;
  explicit LabelEncoder(Params params = {});

  std::unique_ptr<Estimator> clone() const override;
  std::string_view name() const override { return "label_encoder"; }
  const Tags& tags() const override;
  const ParamTable& param_table() const override;

  /// @brief The sorted distinct values seen in fit.
  const Vector& classes() const;

 protected:
  void fit_impl(MatrixView X, MatrixView Y, const FitOptions& opts) override;
  Matrix transform_impl(MatrixView X) const override;
  Matrix inverse_transform_impl(MatrixView X) const override;
  const void* param_struct() const override { return &params_; }
  void save_state(nlohmann::json& state) const override;
  void load_state(const nlohmann::json& state, Index n_features_in, Index n_targets) override;

 private:
  Params params_;
  Vector classes_;
};

}  // namespace mlkit::preprocessing
