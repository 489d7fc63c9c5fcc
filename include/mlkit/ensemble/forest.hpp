#pragma once
/// @file forest.hpp
/// @brief Random forests (Breiman, 2001) and extremely randomized trees (Geurts, Ernst &
/// Wehenkel, 2006), as scikit-learn's RandomForestClassifier/Regressor and
/// ExtraTreesClassifier/Regressor.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "mlkit/core/estimator.hpp"

namespace mlkit::ensemble {

/// @brief Hyperparameters of a forest; `Defaults` holds the ones that differ between the four.
template <class Defaults>
struct BasicForestParams {
  int n_estimators = 100;
  std::string criterion = Defaults::criterion();
  std::optional<int> max_depth;
  ParamValue min_samples_split = 2;
  ParamValue min_samples_leaf = 1;
  double min_weight_fraction_leaf = 0.0;
  ParamValue max_features = Defaults::max_features();
  std::optional<int> max_leaf_nodes;
  double min_impurity_decrease = 0.0;
  bool bootstrap = Defaults::bootstrap;
  bool oob_score = false;
  std::optional<int> n_jobs;
  std::optional<int> random_state;
  bool warm_start = false;
  ParamValue class_weight;  ///< classifiers: None, "balanced" or "balanced_subsample"
  double ccp_alpha = 0.0;
  ParamValue max_samples;  ///< None (n samples), an int, or a fraction of the samples
};

struct RandomForestClassifierDefaults {
  static std::string criterion() { return "gini"; }
  static ParamValue max_features() { return "sqrt"; }
  static constexpr bool bootstrap = true;
};
struct RandomForestRegressorDefaults {
  static std::string criterion() { return "squared_error"; }
  static ParamValue max_features() { return 1.0; }
  static constexpr bool bootstrap = true;
};
struct ExtraTreesClassifierDefaults {
  static std::string criterion() { return "gini"; }
  static ParamValue max_features() { return "sqrt"; }
  static constexpr bool bootstrap = false;
};
struct ExtraTreesRegressorDefaults {
  static std::string criterion() { return "squared_error"; }
  static ParamValue max_features() { return 1.0; }
  static constexpr bool bootstrap = false;
};

using RandomForestClassifierParams = BasicForestParams<RandomForestClassifierDefaults>;
using RandomForestRegressorParams = BasicForestParams<RandomForestRegressorDefaults>;
using ExtraTreesClassifierParams = BasicForestParams<ExtraTreesClassifierDefaults>;
using ExtraTreesRegressorParams = BasicForestParams<ExtraTreesRegressorDefaults>;

namespace detail {
struct FittedForest;
struct ForestSpec;
}  // namespace detail

/// @brief What every forest offers once fitted. Trees are grown in parallel (n_jobs, oneTBB),
/// each from its own random stream (random_state, tree index), so a forest is bit-identical for
/// any thread count; prediction walks a compact 16-byte node layout in blocks of rows.
class ForestBase : public Estimator {
 public:
  /// @brief Number of fitted trees.
  Index n_trees() const;
  /// @brief Mean impurity-based importance over the trees, summing to one.
  const Vector& feature_importances() const;
  /// @brief Out-of-bag score (accuracy or R²); NotFitted unless fitted with oob_score=True.
  double oob_score() const;
  /// @brief Out-of-bag class probabilities (classifiers) or predictions (regressors), n × k.
  const Matrix& oob_output() const;
  /// @brief The leaf of each row in each tree, n × n_trees.
  std::vector<std::int32_t> apply(MatrixView X) const;
  /// @brief One row's prediction without allocation or checks: the class label (classifiers)
  /// or the first target's mean over the trees (regressors). For embedded use.
  double predict_row(const double* row) const;

 protected:
  explicit ForestBase(const detail::ForestSpec& spec) : spec_(&spec) {}
  Matrix predict_impl(MatrixView X) const override;
  Matrix predict_proba_impl(MatrixView X) const override;
  void fit_impl(MatrixView X, MatrixView Y, const FitOptions& opts) override;
  void validate_params() const override;
  void save_state(nlohmann::json& state) const override;
  void load_state(const nlohmann::json& state, Index n_features_in, Index n_targets) override;
  const detail::FittedForest& forest() const;

 private:
  const detail::ForestSpec* spec_;
  std::shared_ptr<const detail::FittedForest> fitted_;
};

#define MLKIT_DECLARE_FOREST(Class, registry_name)                   \
  class Class final : public ForestBase {                            \
   public:                                                           \
    using Params = Class##Params;                                    \
    explicit Class(Params params = {});                              \
    const Params& params() const { return params_; }                 \
    std::unique_ptr<Estimator> clone() const override;               \
    std::string_view name() const override { return registry_name; } \
    const Tags& tags() const override;                               \
    const ParamTable& param_table() const override;                  \
                                                                     \
   protected:                                                        \
    const void* param_struct() const override { return &params_; }   \
                                                                     \
   private:                                                          \
    Params params_;                                                  \
  };

/// @brief A random forest classifier: bootstrap samples, sqrt(p) features drawn per split.
MLKIT_DECLARE_FOREST(RandomForestClassifier, "random_forest_classifier")
/// @brief A random forest regressor: bootstrap samples, all features per split by default.
MLKIT_DECLARE_FOREST(RandomForestRegressor, "random_forest_regressor")
/// @brief Extremely randomized trees for classification: random thresholds, no bootstrap.
MLKIT_DECLARE_FOREST(ExtraTreesClassifier, "extra_trees_classifier")
/// @brief Extremely randomized trees for regression: random thresholds, no bootstrap.
MLKIT_DECLARE_FOREST(ExtraTreesRegressor, "extra_trees_regressor")

#undef MLKIT_DECLARE_FOREST

}  // namespace mlkit::ensemble
