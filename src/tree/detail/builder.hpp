#pragma once
// Growing one CART tree (Breiman, Friedman, Olshen & Stone, "Classification and Regression
// Trees", 1984) the way scikit-learn's _tree.pyx / _splitter.pyx / _criterion.pyx do: the same
// stopping rules, the same candidate thresholds (midpoints of consecutive distinct float32
// values), the same proxy improvements, feature draws and depth-first / best-first orders, so
// that a tree without randomness matches scikit-learn's node for node.

#include <cstdint>
#include <vector>

#include "mlkit/core/random.hpp"
#include "mlkit/core/types.hpp"
#include "src/tree/detail/tree.hpp"

namespace mlkit::tree::detail {

enum class Criterion { Gini, Entropy, SquaredError, AbsoluteError, Poisson };

/// Limits and choices of one tree, already resolved to numbers (as sklearn's BaseDecisionTree.fit
/// does before building).
struct BuildConfig {
  Criterion criterion = Criterion::Gini;
  bool random_splitter = false;
  int max_depth = 0x7fffffff;
  Index min_samples_split = 2;
  Index min_samples_leaf = 1;
  double min_weight_leaf = 0.0;
  Index max_features = 1;
  Index max_leaf_nodes = 0;  // 0: unlimited, depth-first growth; else best-first
  double min_impurity_decrease = 0.0;
  // How the split search reads a node's feature values (the tree is the same either way):
  // gathered from the columns, kept partitioned with the samples, or (the best splitter) kept
  // partitioned and sorted per feature. Auto picks by the ratio of features to max_features,
  // and presorts when the best splitter partitions and the entries fit in 512 MiB per tree.
  enum class Layout { Auto, Gather, Partition, Presort } layout = Layout::Auto;
  // Classification with whole-number weights: a feature with at most 256 distinct values (see
  // TrainingData::bin_features) is searched from the node's class counts per value instead of
  // by sorting its samples, where the node has at least as many samples as the feature has
  // values. The counts are exact, so the tree is the same either way.
  bool count_small_features = true;
};

/// Training data, shared read-only by every tree of a forest. X is stored feature by feature
/// (column-major float32, as scikit-learn fits trees on float32) so that gathering one feature's
/// values for a node's samples reads one contiguous column.
struct TrainingData {
  std::vector<float> Xc;  // Xc[f * n + i]
  Index n = 0, p = 0;
  bool has_missing = false;
  // Classification: one code per sample in [0, n_classes). Regression: Y row-major n × n_outputs.
  std::vector<std::int32_t> codes;
  int n_classes = 0;
  Matrix Y;
  int n_outputs = 1;
  bool classification() const { return n_classes > 0; }
  // Features with at most 256 distinct values and no missing ones: bin_values[f] holds them in
  // increasing order and Xb[f * n + i] the index of sample i's value (other features: an empty
  // bin_values[f], and Xb is empty when no feature qualifies).
  std::vector<std::vector<float>> bin_values;
  std::vector<std::uint8_t> Xb;

  static std::vector<float> columns(MatrixView X);
  /// Fill bin_values and Xb from Xc.
  void bin_features();
};

/// Grow a tree on the samples with non-zero weight (weights: n entries, e.g. sample_weight times
/// bootstrap counts). `rng` draws the features and, for the random splitter, the thresholds.
TreeStructure build_tree(const TrainingData& data, const Vector& weights, const BuildConfig& cfg,
                         Rng& rng);

/// Minimal cost-complexity pruning (Breiman et al. 1984, ch. 3): the effective alphas and total
/// leaf impurities of the nested subtrees, as sklearn's cost_complexity_pruning_path.
void pruning_path(const TreeStructure& t, std::vector<double>& alphas,
                  std::vector<double>& impurities);
/// The subtree of `t` pruned with ccp_alpha (sklearn's _build_pruned_tree_ccp); node ids are
/// renumbered depth-first as scikit-learn does.
TreeStructure prune(const TreeStructure& t, double ccp_alpha);

}  // namespace mlkit::tree::detail
