#include "mlkit/ensemble/forest.hpp"

#include <oneapi/tbb/parallel_for.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "mlkit/core/context.hpp"
#include "mlkit/core/errors.hpp"
#include "mlkit/core/random.hpp"
#include "mlkit/metrics/regression.hpp"
#include "src/core/detail/classes.hpp"
#include "src/core/detail/json_io.hpp"
#include "src/core/detail/param_table_builder.hpp"
#include "src/tree/detail/common.hpp"

namespace mlkit::ensemble {

namespace cd = mlkit::detail;
namespace td = mlkit::tree::detail;

namespace detail {

// The forest hyperparameters without their defaults' type.
struct ForestSettings {
  td::TreeSettings tree;
  int n_estimators;
  bool bootstrap, oob_score, warm_start;
  std::optional<int> n_jobs, random_state;
  ParamValue class_weight, max_samples;
  double ccp_alpha;
};

struct ForestSpec {
  const char* owner;
  bool classifier;
  bool random_splitter;
  ForestSettings (*settings)(const void* params);
};

struct FittedForest {
  std::vector<td::FlatTree> trees;
  Vector classes;  // empty for regressors
  int stride = 1;
  std::uint64_t seed = 0;  // base seed of the trees' streams, kept for warm_start
  Vector importance_sum;   // sum of the normalised importances of trees with a split
  Index importance_trees = 0;
  Vector importances;
  bool has_oob = false;
  double oob_score = 0.0;
  Matrix oob;
  // For predict_row, computed once when the forest is fitted or loaded: each tree's depth, its
  // leaf values (a classifier's divided by their sum, which is what predict_proba adds), and,
  // where they fit, its nodes in 8 bytes each, depth-first so that a left child follows its
  // parent: a row's walk touches a few nodes of every tree, mostly cache misses, and half the
  // bytes per node halves the memory those misses span.
  struct RowNode {
    float threshold;
    // Leaf: bit 31 set, the rest its row in the leaf values. Split: bit 30 missing values go
    // left, bits 20-29 the feature, bits 0-19 the right child's distance from this node.
    std::uint32_t meta;
  };
  static constexpr std::uint32_t kRowLeaf = 0x80000000u, kRowMissingLeft = 0x40000000u;
  static constexpr std::uint32_t kRowMaxFeatures = 1024, kRowMaxJump = 1u << 20;
  std::vector<int> depths;
  std::vector<std::size_t> node_offset, value_offset;
  std::vector<RowNode> row_nodes;  // empty when some tree does not fit the 8-byte form
  std::vector<double> row_values;

  void prepare_row_path(bool classifier, Index n_features) {
    depths.clear();
    node_offset.clear();
    value_offset.clear();
    row_nodes.clear();
    row_values.clear();
    bool compact = n_features <= static_cast<Index>(kRowMaxFeatures);
    std::vector<std::int32_t> order, stack;
    std::vector<std::uint32_t> position;
    for (const auto& t : trees) {
      depths.push_back(t.depth());
      value_offset.push_back(row_values.size());
      row_values.insert(row_values.end(), t.values.begin(), t.values.end());
      if (classifier) {
        double* v = row_values.data() + value_offset.back();
        for (std::size_t r = 0; r < t.values.size(); r += static_cast<std::size_t>(stride)) {
          const double norm = td::leaf_norm(v + r, stride);
          for (int k = 0; k < stride; ++k) v[r + static_cast<std::size_t>(k)] /= norm;
        }
      }
      if (!compact) continue;
      // Depth-first, left before right.
      order.clear();
      stack.assign(1, 0);
      position.assign(t.nodes.size(), 0);
      while (!stack.empty()) {
        const std::int32_t i = stack.back();
        stack.pop_back();
        position[static_cast<std::size_t>(i)] = static_cast<std::uint32_t>(order.size());
        order.push_back(i);
        const td::FlatNode& n = t.nodes[static_cast<std::size_t>(i)];
        if (n.left != td::kLeaf) {
          stack.push_back(n.right);
          stack.push_back(n.left);
        }
      }
      node_offset.push_back(row_nodes.size());
      for (std::size_t j = 0; j < order.size() && compact; ++j) {
        const td::FlatNode& n = t.nodes[static_cast<std::size_t>(order[j])];
        if (n.left == td::kLeaf) {
          row_nodes.push_back({0.0f, kRowLeaf | static_cast<std::uint32_t>(n.right)});
          continue;
        }
        const std::uint32_t jump =
            position[static_cast<std::size_t>(n.right)] - static_cast<std::uint32_t>(j);
        compact = jump < kRowMaxJump;
        const std::uint32_t feature = n.feature & ~td::kMissingLeftBit;
        row_nodes.push_back(
            {n.threshold,
             ((n.feature & td::kMissingLeftBit) ? kRowMissingLeft : 0u) | (feature << 20) | jump});
      }
    }
    if (!compact) {
      row_nodes.clear();
      node_offset.clear();
    }
  }
};

}  // namespace detail

namespace {

template <class P>
detail::ForestSettings settings_of(const void* ptr) {
  const P& p = *static_cast<const P*>(ptr);
  detail::ForestSettings s;
  s.tree.criterion = p.criterion;
  s.tree.max_depth = p.max_depth;
  s.tree.min_samples_split = p.min_samples_split;
  s.tree.min_samples_leaf = p.min_samples_leaf;
  s.tree.min_weight_fraction_leaf = p.min_weight_fraction_leaf;
  s.tree.max_features = p.max_features;
  s.tree.max_leaf_nodes = p.max_leaf_nodes;
  s.tree.min_impurity_decrease = p.min_impurity_decrease;
  s.n_estimators = p.n_estimators;
  s.bootstrap = p.bootstrap;
  s.oob_score = p.oob_score;
  s.warm_start = p.warm_start;
  s.n_jobs = p.n_jobs;
  s.random_state = p.random_state;
  s.class_weight = p.class_weight;
  s.max_samples = p.max_samples;
  s.ccp_alpha = p.ccp_alpha;
  return s;
}

template <class P>
ParamTable make_table(const char* owner, bool classifier) {
  cd::ParamTableBuilder<P> b(owner);
  b.add("n_estimators", &P::n_estimators, "Number of trees.", {ParamAlternative::integer(1)})
      .add("criterion", &P::criterion,
           classifier ? "Impurity: 'gini', or 'entropy' / 'log_loss'."
                      : "'squared_error' or 'friedman_mse'.",
           {ParamAlternative::string(classifier ? td::TreeParamDocs::classification_criteria()
                                                : td::TreeParamDocs::regression_criteria())})
      .add("max_depth", &P::max_depth, "Maximum depth of each tree; None grows until pure.",
           {ParamAlternative::integer(1)})
      .add("min_samples_split", &P::min_samples_split,
           "Minimum samples to split a node: an int, or a fraction of the samples (ceil).",
           td::TreeParamDocs::min_samples_split())
      .add("min_samples_leaf", &P::min_samples_leaf,
           "Minimum samples in each leaf: an int, or a fraction of the samples (ceil).",
           td::TreeParamDocs::min_samples_leaf())
      .add("min_weight_fraction_leaf", &P::min_weight_fraction_leaf,
           "Minimum fraction of the tree's total sample weight in each leaf.",
           {ParamAlternative::real(0.0, 0.5)})
      .add("max_features", &P::max_features,
           "Features drawn at each split: None (all), 'sqrt', 'log2', an int, or a fraction.",
           td::TreeParamDocs::max_features())
      .allow_none()
      .add("max_leaf_nodes", &P::max_leaf_nodes,
           "Grow each tree best-first with at most this many leaves; None for no limit.",
           {ParamAlternative::integer(2)})
      .add("min_impurity_decrease", &P::min_impurity_decrease,
           "Split only when the weighted impurity decrease is at least this.",
           {ParamAlternative::real(0.0)})
      .add("bootstrap", &P::bootstrap,
           "Grow each tree on a bootstrap sample (drawn with replacement); else on all samples.")
      .add("oob_score", &P::oob_score,
           "Score the forest on the samples each tree did not see (needs bootstrap).")
      .add("n_jobs", &P::n_jobs,
           "Threads for fit and predict: None for the process default, -1 for all cores.",
           {ParamAlternative::integer(-1024, 1024)})
      .add("random_state", &P::random_state,
           "Seed of the bootstrap samples and of every tree's draws; None for a fresh seed.",
           {ParamAlternative::integer(0, 4294967295.0)})
      .add("warm_start", &P::warm_start,
           "Keep the fitted trees and add n_estimators minus their number on the next fit.");
  if (classifier)
    b.add("class_weight", &P::class_weight,
          "None, 'balanced' (from the class counts), 'balanced_subsample' (from each "
          "tree's bootstrap counts) or a dict {label: weight} (others 1).",
          {ParamAlternative::string({"balanced", "balanced_subsample"}),
           ParamAlternative::real_dict()});
  b.add("ccp_alpha", &P::ccp_alpha,
        "Complexity parameter of minimal cost-complexity pruning of each tree.",
        {ParamAlternative::real(0.0)})
      .add("max_samples", &P::max_samples,
           "Bootstrap sample size: None (n), an int, or a fraction of the samples.",
           {ParamAlternative::integer(1), ParamAlternative::real(0.0, 1.0, false, true)});
  return b.build();
}

const Tags& forest_tags(bool classifier) {
  static const Tags c = [] {
    Tags t;
    t.kind = Tags::Kind::Classifier;
    t.allow_nan = true;  // missing values go to the better side of each split
    t.supports_sample_weight = true;
    t.stochastic = true;
    t.has_predict = true;
    t.has_predict_proba = true;
    return t;
  }();
  static const Tags r = [] {
    Tags t;
    t.kind = Tags::Kind::Regressor;
    t.multi_output = true;
    t.allow_nan = true;  // missing values go to the better side of each split
    t.supports_sample_weight = true;
    t.stochastic = true;
    t.has_predict = true;
    return t;
  }();
  return classifier ? c : r;
}

// Stream layout of tree i: Rng(seed, 2 i) draws its bootstrap sample, Rng(seed, 2 i + 1) its
// features and thresholds.
std::uint64_t bootstrap_unit(Index i) { return 2 * static_cast<std::uint64_t>(i); }
std::uint64_t tree_unit(Index i) { return 2 * static_cast<std::uint64_t>(i) + 1; }

// How many times each sample is drawn in tree i's bootstrap sample (sklearn's
// _generate_sample_indices + bincount); all ones without bootstrap.
std::vector<std::uint32_t> sample_counts(std::uint64_t seed, Index i, Index n, Index n_draws,
                                         bool bootstrap) {
  std::vector<std::uint32_t> c(static_cast<std::size_t>(n), bootstrap ? 0u : 1u);
  if (!bootstrap) return c;
  Rng rng(seed, bootstrap_unit(i));
  for (Index k = 0; k < n_draws; ++k) ++c[rng.below(static_cast<std::uint64_t>(n))];
  return c;
}

Index bootstrap_size(const ParamValue& max_samples, Index n) {
  if (max_samples.is_none()) return n;
  if (max_samples.is_int()) {
    if (max_samples.as_int() > n)
      throw InvalidParameter("`max_samples` must be <= n_samples=" + std::to_string(n) +
                             " but got value " + std::to_string(max_samples.as_int()));
    return static_cast<Index>(max_samples.as_int());
  }
  return std::max<Index>(
      1, static_cast<Index>(std::round(static_cast<double>(n) * max_samples.as_double())));
}

}  // namespace

// ---------------------------------------------------------------- ForestBase

const detail::FittedForest& ForestBase::forest() const {
  check_fitted();
  return *fitted_;
}

Index ForestBase::n_trees() const { return static_cast<Index>(forest().trees.size()); }
const Vector& ForestBase::feature_importances() const { return forest().importances; }

double ForestBase::oob_score() const {
  if (!forest().has_oob)
    throw NotFitted(std::string(spec_->owner) + " was not fitted with oob_score=True");
  return fitted_->oob_score;
}

const Matrix& ForestBase::oob_output() const {
  oob_score();
  return fitted_->oob;
}

void ForestBase::validate_params() const {
  const detail::ForestSettings s = spec_->settings(param_struct());
  td::validate_settings(s.tree, spec_->owner);
  if (s.oob_score && !s.bootstrap)
    throw InvalidParameter("Out of bag estimation only available if bootstrap=True");
  if (!s.bootstrap && !s.max_samples.is_none())
    throw InvalidParameter(
        "`max_sample` cannot be set if `bootstrap=False`. Either switch to `bootstrap=True` or "
        "set `max_sample=None`.");
}

void ForestBase::fit_impl(MatrixView X, MatrixView Y, const FitOptions& opts) {
  const detail::ForestSettings s = spec_->settings(param_struct());
  const Index n = X.rows(), p = X.cols();
  td::TrainingData d;
  d.n = n;
  d.p = p;
  Vector w = opts.sample_weight.size() ? opts.sample_weight : Vector::Ones(n);
  cd::ClassEncoding enc;
  if (spec_->classifier) {
    enc = cd::encode_classes(Y.col(0));
    d.n_classes = static_cast<int>(enc.n_classes());
    d.codes.assign(enc.codes.begin(), enc.codes.end());
    // 'balanced' and a dict weigh the classes once; 'balanced_subsample' per tree, below.
    const bool per_tree =
        s.class_weight.is_string() && s.class_weight.as_string() == "balanced_subsample";
    if (!s.class_weight.is_none() && !per_tree)
      w = cd::weighted_samples(enc, cd::class_weights(s.class_weight, enc, Vector()), w);
  } else {
    if (s.tree.criterion == "poisson") td::check_poisson_targets(Y);
    d.Y = Y;
    d.n_outputs = static_cast<int>(Y.cols());
  }
  const bool subsample =
      s.class_weight.is_string() && s.class_weight.as_string() == "balanced_subsample";
  const int stride = spec_->classifier ? d.n_classes : d.n_outputs;

  // warm_start keeps the trees of an earlier fit on data of the same shape and adds the rest.
  std::shared_ptr<const detail::FittedForest> previous;
  if (s.warm_start && fitted() && fitted_ && n_features_in() == p && fitted_->stride == stride &&
      (!spec_->classifier ||
       (fitted_->classes.size() == enc.classes.size() && fitted_->classes == enc.classes)))
    previous = fitted_;
  const Index n_old = previous ? static_cast<Index>(previous->trees.size()) : 0;
  if (s.n_estimators < n_old)
    throw InvalidParameter("n_estimators=" + std::to_string(s.n_estimators) +
                           " must be larger or equal to len(estimators_)=" + std::to_string(n_old) +
                           " when warm_start==True");

  auto f = std::make_shared<detail::FittedForest>();
  f->classes = enc.classes;
  f->stride = stride;
  f->seed = previous ? previous->seed : resolve_seed(s.random_state);
  f->importance_sum = previous ? previous->importance_sum : Vector::Zero(p);
  f->importance_trees = previous ? previous->importance_trees : 0;
  f->trees.resize(static_cast<std::size_t>(s.n_estimators));
  for (Index i = 0; i < n_old; ++i)
    f->trees[static_cast<std::size_t>(i)] = previous->trees[static_cast<std::size_t>(i)];

  const Index n_draws = s.bootstrap ? bootstrap_size(s.max_samples, n) : n;
  td::TreeSettings ts = s.tree;
  ts.splitter = spec_->random_splitter ? "random" : "best";
  // Resolved once for the configuration checks (max_features); the weight floor per tree.
  (void)td::resolve_config(ts, n, p, w.sum(), spec_->owner);
  opts.checkpoint(0.0);

  d.Xc = td::TrainingData::columns(X);
  d.bin_features();
  const Index n_new = s.n_estimators - n_old;
  std::vector<Vector> importances(static_cast<std::size_t>(n_new));
  std::vector<std::uint8_t> has_split(static_cast<std::size_t>(n_new), 0);
  std::atomic<bool> stop{false};
  auto grow_one = [&](Index t) {
    if (stop.load() || (opts.cancel && opts.cancel->load())) {
      stop = true;
      return;
    }
    const Index i = n_old + t;
    const auto counts = sample_counts(f->seed, i, n, n_draws, s.bootstrap);
    Vector tw(n);
    for (Index r = 0; r < n; ++r) tw[r] = w[r] * counts[static_cast<std::size_t>(r)];
    if (subsample) {
      // sklearn's compute_sample_weight("balanced", y, indices=bootstrap sample).
      Vector cnt = Vector::Zero(d.n_classes);
      double drawn = 0.0;
      for (Index r = 0; r < n; ++r) {
        cnt[d.codes[static_cast<std::size_t>(r)]] += counts[static_cast<std::size_t>(r)];
        drawn += counts[static_cast<std::size_t>(r)];
      }
      const double present = static_cast<double>((cnt.array() > 0).count());
      for (Index r = 0; r < n; ++r) {
        const double c = cnt[d.codes[static_cast<std::size_t>(r)]];
        if (c > 0) tw[r] *= drawn / (present * c);
      }
    }
    const td::BuildConfig cfg = td::resolve_config(ts, n, p, tw.sum(), spec_->owner);
    Rng rng(f->seed, tree_unit(i));
    td::TreeStructure st = td::build_tree(d, tw, cfg, rng);
    if (s.ccp_alpha > 0.0) st = td::prune(st, s.ccp_alpha);
    has_split[static_cast<std::size_t>(t)] = st.node_count() > 1;
    importances[static_cast<std::size_t>(t)] = td::normalized_importances(st, p);
    f->trees[static_cast<std::size_t>(i)] = td::FlatTree::from_structure(st);
  };
  const Context ctx(s.n_jobs);
  ctx.run([&] { oneapi::tbb::parallel_for(Index{0}, n_new, [&](Index t) { grow_one(t); }); });
  if (stop.load()) throw Cancelled("fit was cancelled");
  opts.checkpoint(0.8);
  // Importances summed in tree order, so the result does not depend on the schedule.
  for (Index t = 0; t < n_new; ++t)
    if (has_split[static_cast<std::size_t>(t)]) {
      f->importance_sum += importances[static_cast<std::size_t>(t)];
      ++f->importance_trees;
    }
  f->importances = Vector::Zero(p);
  if (f->importance_trees > 0) {
    f->importances = f->importance_sum / static_cast<double>(f->importance_trees);
    const double sum = f->importances.sum();
    if (sum > 0.0) f->importances /= sum;
  }

  if (s.oob_score) {
    // sklearn's _compute_oob_predictions: each sample's average over the trees that did not
    // draw it; samples drawn by every tree count once with a zero prediction.
    const Index T = s.n_estimators;
    Matrix sum = Matrix::Zero(n, stride);
    std::vector<Index> seen(static_cast<std::size_t>(n), 0);
    std::vector<std::vector<std::uint32_t>> counts(static_cast<std::size_t>(T));
    ctx.run([&] {
      oneapi::tbb::parallel_for(Index{0}, T, [&](Index i) {
        counts[static_cast<std::size_t>(i)] = sample_counts(f->seed, i, n, n_draws, true);
      });
      oneapi::tbb::parallel_for(Index{0}, n, [&](Index r) {
        const double* row = X.data() + r * X.outerStride();
        for (Index i = 0; i < T; ++i) {
          if (counts[static_cast<std::size_t>(i)][static_cast<std::size_t>(r)]) continue;
          const auto& tree = f->trees[static_cast<std::size_t>(i)];
          const double* v = tree.leaf_value(tree.leaf_of(row));
          const double norm = spec_->classifier ? td::leaf_norm(v, stride) : 1.0;
          for (int k = 0; k < stride; ++k) sum(r, k) += v[k] / norm;
          ++seen[static_cast<std::size_t>(r)];
        }
      });
    });
    for (Index r = 0; r < n; ++r)
      sum.row(r) /= static_cast<double>(std::max<Index>(1, seen[static_cast<std::size_t>(r)]));
    f->has_oob = true;
    f->oob = sum;
    if (spec_->classifier) {
      double correct = 0.0;
      for (Index r = 0; r < n; ++r) {
        Index best;
        sum.row(r).maxCoeff(&best);
        correct += best == enc.codes[static_cast<std::size_t>(r)];
      }
      f->oob_score = correct / static_cast<double>(n);
    } else {
      double total = 0.0;
      for (Index k = 0; k < stride; ++k) total += metrics::r2_score(Y.col(k), sum.col(k));
      f->oob_score = total / static_cast<double>(stride);
    }
  }
  opts.checkpoint(1.0);
  f->prepare_row_path(spec_->classifier, p);
  fitted_ = std::move(f);
}

namespace {
int predict_threads(const detail::ForestSettings& s) { return resolve_n_jobs(s.n_jobs); }
}  // namespace

Matrix ForestBase::predict_proba_impl(MatrixView X) const {
  if (!spec_->classifier) return Estimator::predict_proba_impl(X);  // throws NotSupported
  const auto& f = *fitted_;
  std::vector<const td::FlatTree*> trees;
  for (const auto& t : f.trees) trees.push_back(&t);
  Matrix out = td::sum_leaf_values(trees, X, f.stride, true,
                                   predict_threads(spec_->settings(param_struct())));
  return out / static_cast<double>(trees.size());
}

Matrix ForestBase::predict_impl(MatrixView X) const {
  const auto& f = *fitted_;
  std::vector<const td::FlatTree*> trees;
  for (const auto& t : f.trees) trees.push_back(&t);
  const Matrix sums = td::sum_leaf_values(trees, X, f.stride, spec_->classifier,
                                          predict_threads(spec_->settings(param_struct())));
  if (!spec_->classifier) return sums / static_cast<double>(trees.size());
  Matrix out(X.rows(), 1);
  for (Index i = 0; i < X.rows(); ++i) {
    Index best;
    sums.row(i).maxCoeff(&best);
    out(i, 0) = f.classes[best];
  }
  return out;
}

double ForestBase::predict_row(const double* row) const {
  const auto& f = *fitted_;
  constexpr int kMaxStack = 64;
  double stack[kMaxStack];
  std::vector<double> heap;
  double* acc = stack;
  if (f.stride > kMaxStack) {
    heap.resize(static_cast<std::size_t>(f.stride));
    acc = heap.data();
  }
  std::fill(acc, acc + f.stride, 0.0);
  // Trees in groups walked in lockstep, one level of each per pass, so that their node loads
  // overlap (the row is the same; the trees differ). The walk has no data-dependent branch
  // (masks, not conditionals): a tree that reached its leaf stays there until the whole group
  // has (one well-predicted test per level), so a mispredicted comparison cannot cancel the
  // other trees' loads.
  constexpr std::size_t kGroup = 32;
  std::uint32_t node[kGroup];
  const std::size_t T = f.trees.size();
  const bool compact = !f.row_nodes.empty();
  float xf[detail::FittedForest::kRowMaxFeatures];
  if (compact)
    for (Index j = 0; j < n_features_in(); ++j) xf[j] = static_cast<float>(row[j]);
  for (std::size_t g0 = 0; g0 < T; g0 += kGroup) {
    const std::size_t g = std::min(kGroup, T - g0);
    int levels = 0;
    for (std::size_t k = 0; k < g; ++k) {
      node[k] = 0;
      levels = std::max(levels, f.depths[g0 + k]);
    }
    if (compact) {
      using RN = detail::FittedForest::RowNode;
      const RN* base[kGroup];
      for (std::size_t k = 0; k < g; ++k) base[k] = f.row_nodes.data() + f.node_offset[g0 + k];
      // Until every tree of the group is at its leaf for this row (no deeper than the deepest
      // tree; usually well above it, as a row's paths are shorter than the trees' depths).
      for (std::uint32_t moved = 1, level = 0; moved && level < static_cast<std::uint32_t>(levels);
           ++level) {
        moved = 0;
        for (std::size_t k = 0; k < g; ++k) {
          const std::uint32_t cur = node[k];
          const RN c = base[k][cur];
          const std::uint32_t stay = 0u - (c.meta >> 31);  // all ones at a leaf
          const float x = xf[((c.meta >> 20) & 0x3ffu) & ~stay];
          const std::uint32_t go_left = static_cast<std::uint32_t>(x <= c.threshold) |
                                        (static_cast<std::uint32_t>(x != x) & (c.meta >> 30));
          // Left: the next node; right: the stored distance.
          const std::uint32_t jump = 1u + (((c.meta & 0xfffffu) - 1u) & ((go_left & 1u) - 1u));
          node[k] = cur + (jump & ~stay);
          moved |= ~stay;
        }
      }
    } else {
      const td::FlatNode* nodes[kGroup];
      for (std::size_t k = 0; k < g; ++k) nodes[k] = f.trees[g0 + k].nodes.data();
      for (std::uint32_t moved = 1, level = 0; moved && level < static_cast<std::uint32_t>(levels);
           ++level) {
        moved = 0;
        for (std::size_t k = 0; k < g; ++k) {
          const std::uint32_t next = td::FlatTree::step(nodes[k], node[k], row);
          moved |= next ^ node[k];
          node[k] = next;
        }
      }
    }
    for (std::size_t k = 0; k < g; ++k) {
      const std::size_t t = g0 + k;
      const std::size_t leaf =
          compact ? f.row_nodes[f.node_offset[t] + node[k]].meta & ~detail::FittedForest::kRowLeaf
                  : static_cast<std::size_t>(f.trees[t].nodes[node[k]].right);
      const double* v =
          f.row_values.data() + f.value_offset[t] + leaf * static_cast<std::size_t>(f.stride);
      for (int c = 0; c < f.stride; ++c) acc[c] += v[c];
    }
  }
  if (!spec_->classifier) return acc[0] / static_cast<double>(T);

  int best = 0;
  for (int k = 1; k < f.stride; ++k)
    if (acc[k] > acc[best]) best = k;
  return f.classes[best];
}

std::vector<std::int32_t> ForestBase::apply(MatrixView X) const {
  check_predict_input(X);
  const auto& f = *fitted_;
  const auto T = f.trees.size();
  std::vector<std::int32_t> out(static_cast<std::size_t>(X.rows()) * T);
  for (Index r = 0; r < X.rows(); ++r)
    for (std::size_t t = 0; t < T; ++t)
      out[static_cast<std::size_t>(r) * T + t] = f.trees[t].leaf_of(X.data() + r * X.outerStride());
  return out;
}

void ForestBase::save_state(nlohmann::json& j) const {
  const auto& f = *fitted_;
  if (spec_->classifier) {
    cd::save_classes(j, f.classes);
    j["n_classes_"] = f.classes.size();
  }
  j["n_outputs_"] = spec_->classifier ? 1 : f.stride;
  j["feature_importances_"] = cd::vector_to_json(f.importances);
  j["importance_sum"] = cd::vector_to_json(f.importance_sum);
  j["importance_trees"] = f.importance_trees;
  // The base seed as a string: JSON numbers above 2^53 do not survive every reader.
  j["seed"] = std::to_string(f.seed);
  if (f.has_oob) {
    j["oob_score_"] = cd::number_to_json(f.oob_score);
    j[spec_->classifier ? "oob_decision_function_" : "oob_prediction_"] = cd::matrix_to_json(f.oob);
  }
  nlohmann::json trees = nlohmann::json::array();
  for (const auto& t : f.trees) trees.push_back(t.to_json());
  j["trees"] = std::move(trees);
}

void ForestBase::load_state(const nlohmann::json& j, Index nf, Index nt) {
  auto f = std::make_shared<detail::FittedForest>();
  int stride = static_cast<int>(nt);
  if (spec_->classifier) {
    if (nt != 1) throw ModelFormatError("a forest classifier has one target");
    f->classes = cd::load_classes(j, 1);
    if (cd::integer_from_json(cd::field(j, "n_classes_"), "n_classes_", 1, 1 << 30) !=
        f->classes.size())
      throw ModelFormatError("model field 'n_classes_' does not match 'classes_'");
    stride = static_cast<int>(f->classes.size());
  }
  if (cd::integer_from_json(cd::field(j, "n_outputs_"), "n_outputs_", 1, 1 << 30) !=
      (spec_->classifier ? 1 : nt))
    throw ModelFormatError("model field 'n_outputs_' does not match the targets");
  f->stride = stride;
  f->importances =
      cd::vector_from_json(cd::field(j, "feature_importances_"), "feature_importances_", nf, false);
  f->importance_sum =
      cd::vector_from_json(cd::field(j, "importance_sum"), "importance_sum", nf, false);
  const auto& seed = cd::field(j, "seed");
  if (!seed.is_string() || seed.get<std::string>().empty() || seed.get<std::string>().size() > 20 ||
      seed.get<std::string>().find_first_not_of("0123456789") != std::string::npos)
    throw ModelFormatError("model field 'seed' must be a decimal string");
  try {
    f->seed = std::stoull(seed.get<std::string>());
  } catch (const std::exception&) {
    throw ModelFormatError("model field 'seed' is out of range");
  }
  const auto& trees = cd::field(j, "trees");
  if (!trees.is_array() || trees.empty())
    throw ModelFormatError("model field 'trees' must be a non-empty array");
  f->importance_trees = cd::integer_from_json(cd::field(j, "importance_trees"), "importance_trees",
                                              0, static_cast<std::int64_t>(trees.size()));
  for (const auto& t : trees)
    f->trees.push_back(td::FlatTree::from_json(t, nf, stride, spec_->classifier));
  if (j.contains("oob_score_")) {
    f->has_oob = true;
    f->oob_score = cd::finite_from_json(j["oob_score_"], "oob_score_");
    const char* key = spec_->classifier ? "oob_decision_function_" : "oob_prediction_";
    const auto& m = cd::field(j, key);
    const auto& shape = cd::field(m, "shape");
    if (!shape.is_array() || shape.size() != 2 || !shape[0].is_number_integer())
      throw ModelFormatError(std::string("model field '") + key + "' has a bad shape");
    const auto rows = shape[0].get<std::int64_t>();
    if (rows < 1 || rows > (std::int64_t{1} << 31))
      throw ModelFormatError(std::string("model field '") + key + "' has a bad shape");
    f->oob = cd::matrix_from_json(m, key, rows, stride, false);
  }
  f->prepare_row_path(spec_->classifier, nf);
  fitted_ = std::move(f);
}

// ---------------------------------------------------------------- the four forests

#define MLKIT_DEFINE_FOREST(Class, classifier, random_splitter)                                \
  namespace {                                                                                  \
  const detail::ForestSpec& spec_##Class() {                                                   \
    static const detail::ForestSpec s{#Class, classifier, random_splitter,                     \
                                      &settings_of<Class##Params>};                            \
    return s;                                                                                  \
  }                                                                                            \
  }                                                                                            \
  Class::Class(Params params) : ForestBase(spec_##Class()), params_(std::move(params)) {}      \
  std::unique_ptr<Estimator> Class::clone() const { return std::make_unique<Class>(params_); } \
  const Tags& Class::tags() const { return forest_tags(classifier); }                          \
  const ParamTable& Class::param_table() const {                                               \
    static const ParamTable t = make_table<Class##Params>(#Class, classifier);                 \
    return t;                                                                                  \
  }

MLKIT_DEFINE_FOREST(RandomForestClassifier, true, false)
MLKIT_DEFINE_FOREST(RandomForestRegressor, false, false)
MLKIT_DEFINE_FOREST(ExtraTreesClassifier, true, true)
MLKIT_DEFINE_FOREST(ExtraTreesRegressor, false, true)

#undef MLKIT_DEFINE_FOREST

}  // namespace mlkit::ensemble
