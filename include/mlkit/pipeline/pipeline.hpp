#pragma once
/// @file pipeline.hpp
/// @brief A chain of transformers ending in any estimator, as scikit-learn's Pipeline.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "mlkit/core/estimator.hpp"
#include "mlkit/pipeline/part.hpp"

namespace mlkit::pipeline {

/// @brief Hyperparameters of Pipeline: none of its own; its steps' are `step__param`.
struct PipelineParams {};

/// @brief Named steps: every step but the last transforms the data for the next; the last may be
/// any estimator (or a transformer). fit fits each step on the output of the ones before it;
/// predict, predict_proba, decision_function, transform, inverse_transform and score pass the
/// data through the fitted steps. A step may be "passthrough" (an identity).
///
/// sample_weight given to fit goes to every step that accepts sample weights. fit fits copies of
/// the steps and replaces them only when every step succeeded, so a failed fit leaves the
/// earlier fitted pipeline as it was; references to steps taken before fit are then stale.
///
/// @code
/// mlkit::pipeline::Pipeline pipe;
/// pipe.add("scaler", mlkit::make_estimator("standard_scaler"))
///     .add("model", mlkit::make_estimator("linear_regression"));
/// pipe.fit(X, y);
/// pipe.set_params({{"scaler__with_mean", false}});
/// @endcode
class Pipeline final : public Estimator {
 public:
  using Params = PipelineParams;
  Pipeline();
  explicit Pipeline(std::vector<Part> steps);

  /// @brief Append a step; a null estimator is "passthrough". Returns *this.
  Pipeline& add(std::string name, std::unique_ptr<Estimator> estimator);

  const std::vector<Part>& steps() const { return steps_; }
  /// @brief The step of that name; throws InvalidParameter when there is none, NotSupported
  /// when it is "passthrough".
  const Estimator& named_step(std::string_view name) const;
  /// @brief The last step; throws NotSupported when it is "passthrough" or there is none.
  const Estimator& final_estimator() const;

  std::unique_ptr<Estimator> clone() const override;
  std::string_view name() const override { return "pipeline"; }
  /// @brief Derived from the steps: the last step's kind and methods, the first step's NaN
  /// handling.
  const Tags& tags() const override { return tags_; }
  const ParamTable& param_table() const override;
  std::vector<std::pair<std::string, const Estimator*>> parts() const override;
  nlohmann::json components_to_json(bool with_state) const override;
  void components_from_json(const nlohmann::json& components) override;

 protected:
  void fit_impl(MatrixView X, MatrixView Y, const FitOptions& opts) override;
  Matrix predict_impl(MatrixView X) const override;
  Matrix predict_proba_impl(MatrixView X) const override;
  Matrix decision_function_impl(MatrixView X) const override;
  Matrix transform_impl(MatrixView X) const override;
  Matrix inverse_transform_impl(MatrixView X) const override;
  void validate_params() const override;
  const void* param_struct() const override { return &params_; }
  void save_state(nlohmann::json& state) const override;
  void load_state(const nlohmann::json& state, Index n_features_in, Index n_targets) override;

 private:
  void update_tags();
  /// X through every step but the last.
  Matrix transform_head(MatrixView X) const;

  Params params_;
  std::vector<Part> steps_;
  Tags tags_;
};

}  // namespace mlkit::pipeline
