#pragma once
/// @file decision_tree.hpp
/// @brief CART decision trees, as scikit-learn's DecisionTreeClassifier and
/// DecisionTreeRegressor: same parameters, same splits on the same data.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "mlkit/core/estimator.hpp"

namespace mlkit::tree {

/// @brief The structure of a fitted tree, in scikit-learn's `tree_` layout: node ids in creation
/// order, children -1 and feature/threshold -2 at leaves. `value` has one row per node with the
/// class fractions (classifiers) or the mean of each target (regressors) at leaves; mlkit keeps
/// leaf values only, so internal nodes' rows are zero.
struct TreeArrays {
  std::vector<std::int32_t> children_left, children_right, feature;
  std::vector<double> threshold;
  Matrix value;
};

/// @brief The result of cost_complexity_pruning_path: effective alphas (increasing) and the total
/// leaf impurity of the subtree each alpha prunes to.
struct PruningPath {
  Vector ccp_alphas;
  Vector impurities;
};

/// @brief Hyperparameters of DecisionTreeClassifier (see its parameter table).
struct DecisionTreeClassifierParams {
  std::string criterion = "gini";
  std::string splitter = "best";
  std::optional<int> max_depth;
  ParamValue min_samples_split = 2;
  ParamValue min_samples_leaf = 1;
  double min_weight_fraction_leaf = 0.0;
  ParamValue max_features;  ///< None, "sqrt", "log2", an int or a float fraction
  std::optional<int> random_state;
  std::optional<int> max_leaf_nodes;
  double min_impurity_decrease = 0.0;
  ParamValue class_weight;  ///< None or "balanced"
  double ccp_alpha = 0.0;
};

/// @brief Hyperparameters of DecisionTreeRegressor (see its parameter table).
struct DecisionTreeRegressorParams {
  std::string criterion = "squared_error";
  std::string splitter = "best";
  std::optional<int> max_depth;
  ParamValue min_samples_split = 2;
  ParamValue min_samples_leaf = 1;
  double min_weight_fraction_leaf = 0.0;
  ParamValue max_features;
  std::optional<int> random_state;
  std::optional<int> max_leaf_nodes;
  double min_impurity_decrease = 0.0;
  double ccp_alpha = 0.0;
};

namespace detail {
struct FittedTree;
}

/// @brief What both decision trees offer once fitted.
class DecisionTreeBase : public Estimator {
 public:
  /// @brief Impurity-based importance of each feature, summing to one (zeros for one leaf).
  const Vector& feature_importances() const;
  /// @brief Depth of the tree (0 for a single leaf).
  int get_depth() const;
  /// @brief Number of leaves.
  Index get_n_leaves() const;
  Index node_count() const;
  /// @brief The leaf reached by each row of X (node ids as in tree()).
  std::vector<std::int32_t> apply(MatrixView X) const;
  /// @brief For each row, the node ids on its path from the root to its leaf.
  std::vector<std::vector<std::int32_t>> decision_path(MatrixView X) const;
  /// @brief The fitted structure, as scikit-learn's tree_ arrays.
  TreeArrays tree() const;
  /// @brief The rules as text, as sklearn.tree.export_text: one line per node, "|---" per
  /// level, leaves showing the class (classifiers) or value (regressors).
  std::string export_text(const std::vector<std::string>& feature_names = {}, int max_depth = 10,
                          int decimals = 2) const;
  /// @brief Prediction of one row of n_features_in() values, without allocation: the class
  /// label (classifiers) or the first target's value (regressors). The row is not checked.
  double predict_row(const double* row) const;

 protected:
  Matrix predict_impl(MatrixView X) const override;
  void save_state(nlohmann::json& state) const override;
  void load_state(const nlohmann::json& state, Index n_features_in, Index n_targets) override;
  const detail::FittedTree& fitted_tree() const;
  std::shared_ptr<const detail::FittedTree> fitted_;
};

/// @brief A classification tree grown by CART (Breiman et al., 1984) with scikit-learn's split
/// search: gini or entropy (= log_loss) impurity, best or random splitter, depth-first growth or
/// best-first growth under max_leaf_nodes, minimal cost-complexity pruning with ccp_alpha.
/// X is used as float32, as scikit-learn does. Single-target.
class DecisionTreeClassifier final : public DecisionTreeBase {
 public:
  using Params = DecisionTreeClassifierParams;
  explicit DecisionTreeClassifier(Params params = {});
  const Params& params() const { return params_; }
  std::unique_ptr<Estimator> clone() const override;
  std::string_view name() const override { return "decision_tree_classifier"; }
  const Tags& tags() const override;
  const ParamTable& param_table() const override;

  /// @brief The sorted class labels.
  const Vector& classes() const;
  /// @brief The pruning path of a tree grown on (X, y) with these parameters and ccp_alpha = 0.
  PruningPath cost_complexity_pruning_path(MatrixView X, VectorView y,
                                           const FitOptions& opts = {}) const;

 protected:
  void fit_impl(MatrixView X, MatrixView Y, const FitOptions& opts) override;
  Matrix predict_proba_impl(MatrixView X) const override;
  void validate_params() const override;
  const void* param_struct() const override { return &params_; }

 private:
  Params params_;
};

/// @brief A regression tree grown by CART with scikit-learn's split search: squared_error or
/// friedman_mse, best or random splitter, max_leaf_nodes best-first growth, ccp_alpha pruning.
/// Takes several targets.
class DecisionTreeRegressor final : public DecisionTreeBase {
 public:
  using Params = DecisionTreeRegressorParams;
  explicit DecisionTreeRegressor(Params params = {});
  const Params& params() const { return params_; }
  std::unique_ptr<Estimator> clone() const override;
  std::string_view name() const override { return "decision_tree_regressor"; }
  const Tags& tags() const override;
  const ParamTable& param_table() const override;

  PruningPath cost_complexity_pruning_path(MatrixView X, MatrixView Y,
                                           const FitOptions& opts = {}) const;

 protected:
  void fit_impl(MatrixView X, MatrixView Y, const FitOptions& opts) override;
  void validate_params() const override;
  const void* param_struct() const override { return &params_; }

 private:
  Params params_;
};

}  // namespace mlkit::tree
