#pragma once
/// @file polynomial_features.hpp
/// @brief Polynomial and interaction features, as scikit-learn's PolynomialFeatures (dense
/// output).

#include <string>

#include "mlkit/core/estimator.hpp"

namespace mlkit::preprocessing {

/// @brief Hyperparameters of PolynomialFeatures (documented in its parameter table).
struct PolynomialFeaturesParams {
  /// An int (maximal degree) or a list [min_degree, max_degree].
  ParamValue degree = 2;
  bool interaction_only = false;
  bool include_bias = true;
  std::string order = "C";
};

/// @brief Every product of input features of degree min_degree..max_degree, in scikit-learn's
/// column order (bias first, then by degree, then lexicographically by feature index).
class PolynomialFeatures final : public Estimator {
 public:
  using Params = PolynomialFeaturesParams;
  explicit PolynomialFeatures(Params params = {});

  const Params& params() const { return params_; }
  std::unique_ptr<Estimator> clone() const override;
  std::string_view name() const override { return "polynomial_features"; }
  const Tags& tags() const override;
  const ParamTable& param_table() const override;

  /// @brief powers_(k, j): exponent of input feature j in output feature k.
  const Matrix& powers() const;
  /// @brief Number of output features.
  Index n_output_features() const;

 protected:
  void validate_params() const override;
  void fit_impl(MatrixView X, MatrixView Y, const FitOptions& opts) override;
  Matrix transform_impl(MatrixView X) const override;
  const void* param_struct() const override { return &params_; }
  void save_state(nlohmann::json& state) const override;
  void load_state(const nlohmann::json& state, Index n_features_in, Index n_targets) override;

 private:
  Params params_;
  Matrix powers_;
  /// Each output feature as its input feature indices, ascending (empty for the bias).
  std::vector<std::vector<Index>> combinations_;
};

}  // namespace mlkit::preprocessing
