#include "src/tree/detail/common.hpp"

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "mlkit/core/context.hpp"
#include "mlkit/core/errors.hpp"

namespace mlkit::tree::detail {

Criterion parse_criterion(const std::string& name) {
  if (name == "gini") return Criterion::Gini;
  if (name == "entropy" || name == "log_loss") return Criterion::Entropy;
  // scikit-learn 1.9 maps friedman_mse to squared_error: both choose the same splits.
  if (name == "squared_error" || name == "friedman_mse") return Criterion::SquaredError;
  if (name == "absolute_error") return Criterion::AbsoluteError;
  if (name == "poisson") return Criterion::Poisson;
  throw InvalidParameter("unknown criterion '" + name + "'");
}

std::vector<ParamAlternative> TreeParamDocs::min_samples_split() {
  return {ParamAlternative::integer(2), ParamAlternative::real(0.0, 1.0, false, true)};
}
std::vector<ParamAlternative> TreeParamDocs::min_samples_leaf() {
  return {ParamAlternative::integer(1), ParamAlternative::real(0.0, 1.0, false, false)};
}
std::vector<ParamAlternative> TreeParamDocs::max_features() {
  return {ParamAlternative::integer(1), ParamAlternative::real(0.0, 1.0, false, true),
          ParamAlternative::string({"sqrt", "log2"})};
}
std::vector<std::string> TreeParamDocs::classification_criteria() {
  return {"gini", "entropy", "log_loss"};
}
std::vector<std::string> TreeParamDocs::regression_criteria() {
  return {"squared_error", "friedman_mse", "absolute_error", "poisson"};
}

void validate_settings(const TreeSettings& s, std::string_view owner) {
  // A float alternative also takes ints; an int outside the int alternative is refused here
  // with the message the table would give.
  auto refuse = [&](const char* name, const ParamValue& v, const char* what) {
    throw InvalidParameter("The '" + std::string(name) + "' parameter of " + std::string(owner) +
                           " must be " + what + ". Got " + v.repr() + " instead.");
  };
  if (s.min_samples_split.is_int() && s.min_samples_split.as_int() < 2)
    refuse("min_samples_split", s.min_samples_split,
           "an int in the range [2, inf) or a float in the range (0.0, 1.0]");
  if (s.min_samples_leaf.is_int() && s.min_samples_leaf.as_int() < 1)
    refuse("min_samples_leaf", s.min_samples_leaf,
           "an int in the range [1, inf) or a float in the range (0.0, 1.0)");
  if (s.max_features.is_int() && s.max_features.as_int() < 1)
    refuse("max_features", s.max_features,
           "an int in the range [1, inf), a float in the range (0.0, 1.0], a str among "
           "{'sqrt', 'log2'} or None");
}

void check_poisson_targets(MatrixView Y) {
  // sklearn's messages (BaseDecisionTree.fit, BaseForest.fit).
  double sum = 0.0;
  for (Index i = 0; i < Y.rows(); ++i)
    for (Index k = 0; k < Y.cols(); ++k) {
      if (Y(i, k) < 0.0)
        throw InvalidInput(
            "Some value(s) of y are negative which is not allowed for Poisson regression.");
      sum += Y(i, k);
    }
  if (!(sum > 0.0))
    throw InvalidInput(
        "Sum of y is not strictly positive which is necessary for Poisson regression.");
}

BuildConfig resolve_config(const TreeSettings& s, Index n, Index p, double total_weight,
                           std::string_view owner) {
  BuildConfig c;
  c.criterion = parse_criterion(s.criterion);
  c.random_splitter = s.splitter == "random";
  c.max_depth = s.max_depth ? *s.max_depth : std::numeric_limits<int>::max();
  const double dn = static_cast<double>(n);
  if (s.min_samples_leaf.is_int())
    c.min_samples_leaf = static_cast<Index>(s.min_samples_leaf.as_int());
  else
    c.min_samples_leaf = static_cast<Index>(std::ceil(s.min_samples_leaf.as_double() * dn));
  if (s.min_samples_split.is_int())
    c.min_samples_split = static_cast<Index>(s.min_samples_split.as_int());
  else
    c.min_samples_split =
        std::max<Index>(2, static_cast<Index>(std::ceil(s.min_samples_split.as_double() * dn)));
  c.min_samples_split = std::max(c.min_samples_split, 2 * c.min_samples_leaf);
  c.min_weight_leaf = s.min_weight_fraction_leaf * total_weight;
  const double dp = static_cast<double>(p);
  Index mf;
  if (s.max_features.is_none())
    mf = p;
  else if (s.max_features.is_string())
    mf = std::max<Index>(
        1,
        static_cast<Index>(s.max_features.as_string() == "sqrt" ? std::sqrt(dp) : std::log2(dp)));
  else if (s.max_features.is_int())
    mf = static_cast<Index>(s.max_features.as_int());
  else
    mf = std::max<Index>(1, static_cast<Index>(s.max_features.as_double() * dp));
  if (!(mf > 0 && mf <= p))
    throw InvalidParameter("max_features must be in (0, n_features] for " + std::string(owner) +
                           "; got " + std::to_string(mf) + " with " + std::to_string(p) +
                           " features.");
  c.max_features = mf;
  c.max_leaf_nodes = s.max_leaf_nodes ? *s.max_leaf_nodes : 0;
  c.min_impurity_decrease = s.min_impurity_decrease;
  return c;
}

Matrix sum_leaf_values(const std::vector<const FlatTree*>& trees, MatrixView X, int stride,
                       bool normalize, int n_threads) {
  Matrix out = Matrix::Zero(X.rows(), stride);
  // Rows in chunks across threads; a chunk is converted to float once (as scikit-learn converts
  // X) and goes through one tree after another, so that the tree's nodes and the chunk's rows
  // stay in cache together: a chunk holds up to 4,096 rows and about 256 KiB of floats (64 rows
  // of 784 features), and there are at least four per thread where the rows allow. Within a
  // chunk, 32 rows walk the tree at a time, interleaved, so that their node loads overlap and a
  // mispredicted comparison of one row does not stall the others: the child is chosen by masks,
  // not branches. Measured on forests of 100 trees of 20 and 784 features, against walking row
  // by row with branches (slower even where the tree fits in cache). Each row sums the trees in
  // order, so the result does not depend on the thread count.
  constexpr Index kGroup = 32;
  constexpr std::size_t kLargeTreeBytes = std::size_t{512} << 10;  // this machine's L2 per core
  constexpr Index kChunkBytes = Index{256} << 10;
  const Index p = X.cols();
  Index chunk = std::clamp<Index>(kChunkBytes / (4 * std::max<Index>(p, 1)), kGroup, 4096);
  if (n_threads > 1)
    chunk = std::max<Index>(kGroup, std::min(chunk, X.rows() / (4 * Index{n_threads})));
  const Index n_blocks = (X.rows() + chunk - 1) / chunk;
  auto run_block = [&](Index b) {
    const Index c0 = b * chunk, c1 = std::min(X.rows(), c0 + chunk);
    std::vector<float> rows(static_cast<std::size_t>((c1 - c0) * p));
    for (Index r = c0; r < c1; ++r)
      for (Index j = 0; j < p; ++j)
        rows[static_cast<std::size_t>((r - c0) * p + j)] = static_cast<float>(X(r, j));
    std::uint32_t node[kGroup];
    Index row_of[kGroup];
    for (const FlatTree* t : trees) {
      const FlatNode* nodes = t->nodes.data();
      const auto add_leaf = [&](Index r, std::uint32_t leaf) {
        const double* v = t->leaf_value(static_cast<std::int32_t>(leaf));
        double* o = out.data() + r * stride;
        if (normalize) {
          const double sum = leaf_norm(v, stride);
          for (int j = 0; j < stride; ++j) o[j] += v[j] / sum;
        } else {
          for (int j = 0; j < stride; ++j) o[j] += v[j];
        }
      };
      if (t->nodes.size() * sizeof(FlatNode) <= kLargeTreeBytes) {
        // A tree that fits in a core's cache: a slot whose row reached its leaf takes the
        // chunk's next row at once, so no slot idles while the group's longest path finishes.
        Index next_row = c0;
        Index live = 0;
        for (Index k = 0; k < kGroup; ++k) {
          row_of[k] = next_row < c1 ? next_row++ : -1;
          node[k] = 0;
          live += row_of[k] >= 0;
        }
        while (live > 0) {
          for (Index k = 0; k < kGroup; ++k) {
            const Index r = row_of[k];
            if (r < 0) continue;
            const std::uint32_t cur = node[k];
            const FlatNode c = nodes[cur];
            if (c.left == kLeaf) {
              add_leaf(r, cur);
              node[k] = 0;
              if (next_row < c1) {
                row_of[k] = next_row++;
              } else {
                row_of[k] = -1;
                --live;
              }
              continue;
            }
            node[k] = FlatTree::child(c, rows.data() + (r - c0) * p);
          }
        }
        continue;
      }
      // A larger tree: groups of rows from the root to their leaves in branch-free lockstep, a
      // row at its leaf stepping to itself until the group is done (refilling slots measured
      // slower here: a 100-tree regressor on 75,000 rows, 230 ms against 260 ms).
      for (Index r0 = c0; r0 < c1; r0 += kGroup) {
        const Index g = std::min(kGroup, c1 - r0);
        const float* x0 = rows.data() + (r0 - c0) * p;
        std::fill(node, node + g, 0u);
        for (std::uint32_t active = 1; active;) {
          active = 0;
          for (Index k = 0; k < g; ++k) {
            const std::uint32_t next = FlatTree::step(nodes, node[k], x0 + k * p);
            active |= next ^ node[k];  // a leaf steps to itself
            node[k] = next;
          }
        }
        for (Index k = 0; k < g; ++k) add_leaf(r0 + k, node[k]);
      }
    }
  };
  if (n_threads <= 1 || n_blocks <= 1) {
    for (Index b = 0; b < n_blocks; ++b) run_block(b);
    return out;
  }
  const Context ctx(n_threads);
  ctx.run([&] {
    oneapi::tbb::parallel_for(oneapi::tbb::blocked_range<Index>(0, n_blocks),
                              [&](const oneapi::tbb::blocked_range<Index>& r) {
                                for (Index b = r.begin(); b != r.end(); ++b) run_block(b);
                              });
  });
  return out;
}

Vector normalized_importances(const TreeStructure& t, Index n_features) {
  Vector imp = t.raw_importances(n_features);
  const double s = imp.sum();
  if (s > 0.0) imp /= s;
  return imp;
}

}  // namespace mlkit::tree::detail
