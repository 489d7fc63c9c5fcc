#pragma once
/// @file normalizer.hpp
/// @brief Scale each sample (row) to unit norm, as scikit-learn's Normalizer.

#include <string>

#include "mlkit/core/estimator.hpp"

namespace mlkit::preprocessing {

/// @brief Hyperparameters of Normalizer (documented in its parameter table).
struct NormalizerParams {
  std::string norm = "l2";
  bool copy = true;
};

/// @brief x' = x / ||x|| row by row (rows of zero norm are left unchanged). Fitting learns
/// nothing but the number of features.
class Normalizer final : public Estimator {
 public:
  using Params = NormalizerParams;
  explicit Normalizer(Params params = {});

  const Params& params() const { return params_; }
  std::unique_ptr<Estimator> clone() const override;
  std::string_view name() const override { return "normalizer"; }
  const Tags& tags() const override;
  const ParamTable& param_table() const override;

 protected:
  void fit_impl(MatrixView X, MatrixView Y, const FitOptions& opts) override;
  Matrix transform_impl(MatrixView X) const override;
  const void* param_struct() const override { return &params_; }
  void save_state(nlohmann::json& state) const override;
  void load_state(const nlohmann::json& state, Index n_features_in, Index n_targets) override;

 private:
  Params params_;
};

}  // namespace mlkit::preprocessing
