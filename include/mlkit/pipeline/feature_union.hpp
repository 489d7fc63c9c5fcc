#pragma once
/// @file feature_union.hpp
/// @brief Several transformers side by side on the same input, their outputs concatenated, as
/// scikit-learn's FeatureUnion.

#include <memory>
#include <string>
#include <vector>

#include "mlkit/core/estimator.hpp"
#include "mlkit/pipeline/part.hpp"

namespace mlkit::pipeline {

/// @brief Hyperparameters of FeatureUnion: none of its own; its parts' are `part__param`.
struct FeatureUnionParams {};

/// @brief Fits every transformer on the same X and concatenates their outputs column-wise, in
/// order. A part may be "passthrough" (X itself) or "drop" (nothing). sample_weight goes to
/// every part that accepts it.
class FeatureUnion final : public Estimator {
 public:
  using Params = FeatureUnionParams;
  FeatureUnion();
  explicit FeatureUnion(std::vector<Part> transformers);

  /// @brief Append a transformer; a null estimator is "drop". Returns *this.
  FeatureUnion& add(std::string name, std::unique_ptr<Estimator> transformer);
  /// @brief Append a "passthrough" part. Returns *this.
  FeatureUnion& add_passthrough(std::string name);

  const std::vector<Part>& transformer_list() const { return parts_; }

  std::unique_ptr<Estimator> clone() const override;
  std::string_view name() const override { return "feature_union"; }
  const Tags& tags() const override;
  const ParamTable& param_table() const override;
  std::vector<std::pair<std::string, const Estimator*>> parts() const override;
  nlohmann::json components_to_json(bool with_state) const override;
  void components_from_json(const nlohmann::json& components) override;

 protected:
  void fit_impl(MatrixView X, MatrixView Y, const FitOptions& opts) override;
  Matrix transform_impl(MatrixView X) const override;
  void validate_params() const override;
  const void* param_struct() const override { return &params_; }
  void save_state(nlohmann::json& state) const override;
  void load_state(const nlohmann::json& state, Index n_features_in, Index n_targets) override;

 private:
  Params params_;
  std::vector<Part> parts_;
};

}  // namespace mlkit::pipeline
