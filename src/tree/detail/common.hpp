#pragma once
// What decision trees and the forests built from them share: their hyperparameters resolved to a
// BuildConfig (sklearn's BaseDecisionTree.fit), the tree parameter table entries, batched
// prediction over many trees, and trees in model files.

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mlkit/core/params.hpp"
#include "mlkit/core/types.hpp"
#include "src/tree/detail/builder.hpp"
#include "src/tree/detail/tree.hpp"

namespace mlkit::tree::detail {

/// The tree hyperparameters as a tree or a forest declares them.
struct TreeSettings {
  std::string criterion;
  std::string splitter = "best";
  std::optional<int> max_depth;
  ParamValue min_samples_split;
  ParamValue min_samples_leaf;
  double min_weight_fraction_leaf = 0.0;
  ParamValue max_features;
  std::optional<int> max_leaf_nodes;
  double min_impurity_decrease = 0.0;
};

Criterion parse_criterion(const std::string& name);

/// Refuses targets the Poisson criterion cannot fit: a negative value, or a sum that is not
/// positive (InvalidInput, scikit-learn's messages).
void check_poisson_targets(MatrixView Y);

/// The numbers a builder needs, for n samples of p features with total weight `total_weight`.
/// Throws InvalidParameter (sklearn's messages) for a max_features outside (0, p].
BuildConfig resolve_config(const TreeSettings& s, Index n, Index p, double total_weight,
                           std::string_view owner);

/// Checks that the table's alternatives cannot express (int 1 for min_samples_split, ...).
void validate_settings(const TreeSettings& s, std::string_view owner);

/// The table entries of the tree hyperparameters, shared by trees and forests.
struct TreeParamDocs {
  static std::vector<ParamAlternative> min_samples_split();
  static std::vector<ParamAlternative> min_samples_leaf();
  static std::vector<ParamAlternative> max_features();
  static std::vector<std::string> classification_criteria();
  static std::vector<std::string> regression_criteria();
};

/// Sum over trees of each row's leaf value (stride numbers per row), rows in blocks across
/// threads and trees in order within a block, so the result does not depend on the thread count.
/// With `normalize`, each tree's leaf value is divided by its sum first (class fractions as
/// scikit-learn's predict_proba renormalises them).
Matrix sum_leaf_values(const std::vector<const FlatTree*>& trees, MatrixView X, int stride,
                       bool normalize, int n_threads);

/// Feature importances of one fitted tree structure (sklearn's feature_importances_): impurity
/// decrease per feature, normalised to sum to one (all zeros for a single-leaf tree).
Vector normalized_importances(const TreeStructure& t, Index n_features);

}  // namespace mlkit::tree::detail
