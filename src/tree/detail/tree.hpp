#pragma once
// One fitted decision tree, in two forms: the full structure the builder grows (sklearn's Tree
// arrays: children, feature, threshold, impurity, sample counts and a value per node), and the
// compact flat layout that prediction walks (16 bytes per node, leaf values apart). Model files
// hold the compact form; loading validates every node index.

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <vector>

#include "mlkit/core/types.hpp"

namespace mlkit::tree::detail {

inline constexpr std::int32_t kLeaf = -1;       // sklearn's TREE_LEAF
inline constexpr std::int32_t kUndefined = -2;  // sklearn's TREE_UNDEFINED (a leaf's feature)

/// The tree as grown, node ids in creation order (children after their parent), as
/// scikit-learn's Tree. `value` holds `stride` numbers per node: class fractions per output for
/// classifiers, the mean per output for regressors.
struct TreeStructure {
  std::vector<std::int32_t> left, right, feature;
  std::vector<double> threshold, impurity, weighted_n;
  std::vector<std::int64_t> n_node_samples;
  std::vector<std::uint8_t> missing_left;
  std::vector<double> value;
  int stride = 1;

  std::int32_t node_count() const { return static_cast<std::int32_t>(left.size()); }
  bool is_leaf(std::int32_t i) const { return left[static_cast<std::size_t>(i)] == kLeaf; }
  /// Unnormalised impurity decrease per feature (sklearn's compute_feature_importances before
  /// its last normalisation), divided by the root's weighted sample count.
  Vector raw_importances(Index n_features) const;
  int depth() const;
  Index n_leaves() const;
};

/// One node of the prediction layout. A leaf has left == kLeaf and right = its row in values.
/// `threshold` is the largest float not above the split's double threshold, so `x <= threshold`
/// on the float-rounded input is exactly scikit-learn's `(double)(float)x <= threshold`.
struct FlatNode {
  float threshold;
  std::uint32_t feature;  // bit 31: missing values go left
  std::int32_t left;
  std::int32_t right;
};
static_assert(sizeof(FlatNode) == 16);

inline constexpr std::uint32_t kMissingLeftBit = 0x80000000u;

/// What a classifier leaf's class weights are divided by to give predict_proba's fractions:
/// their sum, or 1 for a leaf whose weights are all zero (as scikit-learn normalises).
inline double leaf_norm(const double* v, int stride) {
  double sum = 0.0;
  for (int k = 0; k < stride; ++k) sum += v[k];
  return sum == 0.0 ? 1.0 : sum;
}

/// The compact tree that predicts; node ids equal the TreeStructure's.
struct FlatTree {
  std::vector<FlatNode> nodes;
  std::vector<double> values;      // stride per leaf, leaves in node-id order
  std::vector<double> thresholds;  // the exact double thresholds (kUndefined for leaves)
  int stride = 1;

  static FlatTree from_structure(const TreeStructure& s);

  /// The leaf reached by one row (values converted to float as in fit).
  std::int32_t leaf_of(const double* row) const {
    std::int32_t i = 0;
    const FlatNode* n = nodes.data();
    while (n[i].left != kLeaf) {
      const FlatNode& nd = n[i];
      const float x = static_cast<float>(row[nd.feature & ~kMissingLeftBit]);
      if (x <= nd.threshold)
        i = nd.left;
      else if (x != x)  // NaN
        i = (nd.feature & kMissingLeftBit) ? nd.left : nd.right;
      else
        i = nd.right;
    }
    return i;
  }
  /// One branch-free step of a walk: the child of node `cur` that the row goes to, or `cur`
  /// itself at a leaf. Masks rather than conditionals, so that the compiler emits no branch and
  /// walks interleaved in lockstep overlap their loads instead of waiting on mispredictions.
  template <class T>
  static std::uint32_t step(const FlatNode* nodes, std::uint32_t cur, const T* row) {
    const FlatNode c = nodes[cur];
    const std::uint32_t next = child(c, row);
    const std::uint32_t stay = 0u - static_cast<std::uint32_t>(c.left == kLeaf);
    return (cur & stay) | (next & ~stay);
  }
  /// The child of split node `c` that the row goes to, chosen by masks rather than a branch.
  template <class T>
  static std::uint32_t child(const FlatNode& c, const T* row) {
    const float x = static_cast<float>(row[c.feature & ~kMissingLeftBit]);
    const std::uint32_t go_left = static_cast<std::uint32_t>(x <= c.threshold) |
                                  (static_cast<std::uint32_t>(x != x) & (c.feature >> 31));
    const std::uint32_t lm = 0u - go_left;
    return (static_cast<std::uint32_t>(c.left) & lm) | (static_cast<std::uint32_t>(c.right) & ~lm);
  }
  const double* leaf_value(std::int32_t node) const {
    return values.data() + static_cast<std::size_t>(nodes[static_cast<std::size_t>(node)].right) *
                               static_cast<std::size_t>(stride);
  }
  Index n_leaves() const { return static_cast<Index>(values.size()) / stride; }
  int depth() const;
  /// Nodes on the path from the root to the row's leaf, in order.
  std::vector<std::int32_t> path_of(const double* row) const;

  nlohmann::json to_json() const;
  /// Validates everything: every array's length, children in range and after their parent, each
  /// node with one parent (so no cycles), features below n_features, finite thresholds and
  /// values (class fractions in [0, 1] when `fractions`). Throws ModelFormatError.
  static FlatTree from_json(const nlohmann::json& j, Index n_features, int stride, bool fractions);
};

}  // namespace mlkit::tree::detail
