#include "mlkit/tree/decision_tree.hpp"

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>

#include "mlkit/core/errors.hpp"
#include "mlkit/core/random.hpp"
#include "src/core/detail/classes.hpp"
#include "src/core/detail/json_io.hpp"
#include "src/core/detail/param_table_builder.hpp"
#include "src/tree/detail/common.hpp"
#include "src/tree/detail/fitted.hpp"

namespace mlkit::tree {

namespace {

using detail::TreeSettings;
namespace cd = mlkit::detail;

template <class P>
TreeSettings settings_of(const P& p) {
  TreeSettings s;
  s.criterion = p.criterion;
  s.splitter = p.splitter;
  s.max_depth = p.max_depth;
  s.min_samples_split = p.min_samples_split;
  s.min_samples_leaf = p.min_samples_leaf;
  s.min_weight_fraction_leaf = p.min_weight_fraction_leaf;
  s.max_features = p.max_features;
  s.max_leaf_nodes = p.max_leaf_nodes;
  s.min_impurity_decrease = p.min_impurity_decrease;
  return s;
}

// The entries both trees declare, in scikit-learn's order around criterion and class_weight.
template <class P>
cd::ParamTableBuilder<P>& add_tree_params(cd::ParamTableBuilder<P>& b) {
  b.add("splitter", &P::splitter,
        "'best' (the best threshold of each drawn feature) or 'random' (one random threshold "
        "per drawn feature).",
        {ParamAlternative::string({"best", "random"})})
      .add("max_depth", &P::max_depth,
           "Maximum depth of the tree; None grows until leaves are pure.",
           {ParamAlternative::integer(1)})
      .add("min_samples_split", &P::min_samples_split,
           "Minimum samples to split a node: an int, or a fraction of the samples (ceil).",
           detail::TreeParamDocs::min_samples_split())
      .add("min_samples_leaf", &P::min_samples_leaf,
           "Minimum samples in each leaf: an int, or a fraction of the samples (ceil).",
           detail::TreeParamDocs::min_samples_leaf())
      .add("min_weight_fraction_leaf", &P::min_weight_fraction_leaf,
           "Minimum fraction of the total sample weight in each leaf.",
           {ParamAlternative::real(0.0, 0.5)})
      .add("max_features", &P::max_features,
           "Features drawn at each split: None (all), 'sqrt', 'log2', an int, or a fraction.",
           detail::TreeParamDocs::max_features())
      .allow_none()
      .add("random_state", &P::random_state,
           "Seed of the feature draws (and random thresholds); None for a fresh seed.",
           {ParamAlternative::integer(0, 4294967295.0)})
      .add("max_leaf_nodes", &P::max_leaf_nodes,
           "Grow best-first with at most this many leaves; None grows depth-first without limit.",
           {ParamAlternative::integer(2)})
      .add("min_impurity_decrease", &P::min_impurity_decrease,
           "Split only when the weighted impurity decrease is at least this.",
           {ParamAlternative::real(0.0)});
  return b;
}

const ParamTable& classifier_table() {
  using P = DecisionTreeClassifierParams;
  static const ParamTable t = [] {
    cd::ParamTableBuilder<P> b("DecisionTreeClassifier");
    b.add("criterion", &P::criterion,
          "Impurity: 'gini', or 'entropy' / 'log_loss' (Shannon information gain).",
          {ParamAlternative::string(detail::TreeParamDocs::classification_criteria())});
    add_tree_params(b)
        .add("class_weight", &P::class_weight,
             "None, 'balanced' (weights n_samples / (n_classes * count) per class) or a dict "
             "{label: weight} (others 1).",
             {ParamAlternative::string({"balanced"}), ParamAlternative::real_dict()})
        .add("ccp_alpha", &P::ccp_alpha,
             "Complexity parameter of minimal cost-complexity pruning; 0 prunes nothing.",
             {ParamAlternative::real(0.0)});
    return b.build();
  }();
  return t;
}

const ParamTable& regressor_table() {
  using P = DecisionTreeRegressorParams;
  static const ParamTable t = [] {
    cd::ParamTableBuilder<P> b("DecisionTreeRegressor");
    b.add("criterion", &P::criterion,
          "'squared_error' (variance reduction), or 'friedman_mse' (the same splits, as in "
          "scikit-learn 1.9, which maps it to 'squared_error').",
          {ParamAlternative::string(detail::TreeParamDocs::regression_criteria())});
    add_tree_params(b).add("ccp_alpha", &P::ccp_alpha,
                           "Complexity parameter of minimal cost-complexity pruning; 0 prunes "
                           "nothing.",
                           {ParamAlternative::real(0.0)});
    return b.build();
  }();
  return t;
}

struct Grown {
  detail::TreeStructure structure;
  Index max_features;
  Vector classes;
};

// Fit one tree: sklearn's BaseDecisionTree._fit on float32 X.
Grown grow(const TreeSettings& s, std::optional<int> random_state, const ParamValue* class_weight,
           MatrixView X, MatrixView Y, const FitOptions& opts, std::string_view owner) {
  detail::TrainingData d;
  d.n = X.rows();
  d.p = X.cols();
  d.Xc = detail::TrainingData::columns(X);
  d.bin_features();
  Vector w = opts.sample_weight.size() ? opts.sample_weight : Vector::Ones(X.rows());
  Grown g;
  if (class_weight) {
    const auto enc = cd::encode_classes(Y.col(0));
    g.classes = enc.classes;
    d.n_classes = static_cast<int>(enc.n_classes());
    d.codes.assign(enc.codes.begin(), enc.codes.end());
    // Class weights from unweighted counts, as sklearn's compute_sample_weight(class_weight, y).
    const Vector cw = cd::class_weights(*class_weight, enc, Vector());
    w = cd::weighted_samples(enc, cw, w);
  } else {
    if (s.criterion == "poisson") detail::check_poisson_targets(Y);
    d.Y = Y;
    d.n_outputs = static_cast<int>(Y.cols());
  }
  const detail::BuildConfig cfg = detail::resolve_config(s, d.n, d.p, w.sum(), owner);
  Rng rng(resolve_seed(random_state));
  g.structure = detail::build_tree(d, w, cfg, rng);
  g.max_features = cfg.max_features;
  return g;
}

std::string format_number(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

}  // namespace

// ---------------------------------------------------------------- shared

const detail::FittedTree& DecisionTreeBase::fitted_tree() const {
  check_fitted();
  return *fitted_;
}

const Vector& DecisionTreeBase::feature_importances() const { return fitted_tree().importances; }
int DecisionTreeBase::get_depth() const { return fitted_tree().tree.depth(); }
Index DecisionTreeBase::get_n_leaves() const { return fitted_tree().tree.n_leaves(); }
Index DecisionTreeBase::node_count() const {
  return static_cast<Index>(fitted_tree().tree.nodes.size());
}

std::vector<std::int32_t> DecisionTreeBase::apply(MatrixView X) const {
  check_predict_input(X);
  const auto& t = fitted_->tree;
  std::vector<std::int32_t> out(static_cast<std::size_t>(X.rows()));
  for (Index i = 0; i < X.rows(); ++i)
    out[static_cast<std::size_t>(i)] = t.leaf_of(X.data() + i * X.outerStride());
  return out;
}

std::vector<std::vector<std::int32_t>> DecisionTreeBase::decision_path(MatrixView X) const {
  check_predict_input(X);
  std::vector<std::vector<std::int32_t>> out(static_cast<std::size_t>(X.rows()));
  for (Index i = 0; i < X.rows(); ++i)
    out[static_cast<std::size_t>(i)] = fitted_->tree.path_of(X.data() + i * X.outerStride());
  return out;
}

TreeArrays DecisionTreeBase::tree() const {
  const auto& t = fitted_tree().tree;
  TreeArrays a;
  const auto n = t.nodes.size();
  a.value = Matrix::Zero(static_cast<Index>(n), t.stride);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& nd = t.nodes[i];
    const bool leaf = nd.left == detail::kLeaf;
    a.children_left.push_back(nd.left);
    a.children_right.push_back(leaf ? detail::kLeaf : nd.right);
    a.feature.push_back(leaf ? detail::kUndefined
                             : static_cast<std::int32_t>(nd.feature & ~detail::kMissingLeftBit));
    a.threshold.push_back(t.thresholds[i]);
    if (leaf)
      for (int k = 0; k < t.stride; ++k)
        a.value(static_cast<Index>(i), k) = t.leaf_value(static_cast<std::int32_t>(i))[k];
  }
  return a;
}

std::string DecisionTreeBase::export_text(const std::vector<std::string>& feature_names,
                                          int max_depth, int decimals) const {
  const auto& f = fitted_tree();
  const auto& t = f.tree;
  if (!feature_names.empty() && static_cast<Index>(feature_names.size()) != n_features_in())
    throw InvalidInput("feature_names must contain " + std::to_string(n_features_in()) +
                       " elements, got " + std::to_string(feature_names.size()));
  std::ostringstream out;
  auto name = [&](std::uint32_t feat) {
    const auto j = feat & ~detail::kMissingLeftBit;
    return feature_names.empty() ? "feature_" + std::to_string(j) : feature_names[j];
  };
  auto leaf_text = [&](std::int32_t node) {
    const double* v = t.leaf_value(node);
    if (f.classes.size() == 0) {
      std::string s = "value: [";
      for (int k = 0; k < t.stride; ++k) s += (k ? ", " : "") + format_number(v[k], decimals);
      return s + "]";
    }
    int best = 0;
    for (int k = 1; k < t.stride; ++k)
      if (v[k] > v[best]) best = k;
    const double c = f.classes[best];
    return "class: " + (c == std::floor(c) ? std::to_string(static_cast<long long>(c))
                                           : format_number(c, decimals));
  };
  // sklearn's export_text layout: "|   " per level above, "|--- " before each line.
  auto rec = [&](auto&& self, std::int32_t node, int depth) -> void {
    const std::string indent = [&] {
      std::string s;
      for (int i = 0; i < depth; ++i) s += "|   ";
      return s + "|--- ";
    }();
    const auto& nd = t.nodes[static_cast<std::size_t>(node)];
    if (nd.left == detail::kLeaf) {
      out << indent << leaf_text(node) << "\n";
      return;
    }
    if (depth > max_depth) {
      // sklearn's _compute_depth: the levels of the branch, the node itself counted as one.
      auto sub = [&](auto&& d, std::int32_t i) -> int {
        const auto& n = t.nodes[static_cast<std::size_t>(i)];
        return n.left == detail::kLeaf ? 1 : 1 + std::max(d(d, n.left), d(d, n.right));
      };
      out << indent << "truncated branch of depth " << sub(sub, node) << "\n";
      return;
    }
    const std::string thr = format_number(t.thresholds[static_cast<std::size_t>(node)], decimals);
    out << indent << name(nd.feature) << " <= " << thr << "\n";
    self(self, nd.left, depth + 1);
    out << indent << name(nd.feature) << " >  " << thr << "\n";
    self(self, nd.right, depth + 1);
  };
  rec(rec, 0, 0);
  return out.str();
}

double DecisionTreeBase::predict_row(const double* row) const {
  const auto& f = *fitted_;
  const double* v = f.tree.leaf_value(f.tree.leaf_of(row));
  if (f.classes.size() == 0) return v[0];
  int best = 0;
  for (int k = 1; k < f.tree.stride; ++k)
    if (v[k] > v[best]) best = k;
  return f.classes[best];
}

Matrix DecisionTreeBase::predict_impl(MatrixView X) const {
  const auto& f = *fitted_;
  const Matrix sums = detail::sum_leaf_values({&f.tree}, X, f.tree.stride, false, 1);
  if (f.classes.size() == 0) return sums;
  Matrix out(X.rows(), 1);
  for (Index i = 0; i < X.rows(); ++i) {
    Index best;
    sums.row(i).maxCoeff(&best);
    out(i, 0) = f.classes[best];
  }
  return out;
}

void DecisionTreeBase::save_state(nlohmann::json& j) const {
  const auto& f = *fitted_;
  if (f.classes.size()) {
    cd::save_classes(j, f.classes);
    j["n_classes_"] = f.classes.size();
  }
  j["n_outputs_"] = f.classes.size() ? 1 : f.tree.stride;
  j["max_features_"] = f.max_features;
  j["feature_importances_"] = cd::vector_to_json(f.importances);
  j["tree"] = f.tree.to_json();
}

void DecisionTreeBase::load_state(const nlohmann::json& j, Index nf, Index nt) {
  auto f = std::make_shared<detail::FittedTree>();
  const bool classifier = tags().kind == Tags::Kind::Classifier;
  int stride = static_cast<int>(nt);
  if (classifier) {
    if (nt != 1) throw ModelFormatError("a decision tree classifier has one target");
    f->classes = cd::load_classes(j, 1);
    if (cd::integer_from_json(cd::field(j, "n_classes_"), "n_classes_", 1, 1 << 30) !=
        f->classes.size())
      throw ModelFormatError("model field 'n_classes_' does not match 'classes_'");
    stride = static_cast<int>(f->classes.size());
  }
  if (cd::integer_from_json(cd::field(j, "n_outputs_"), "n_outputs_", 1, 1 << 30) !=
      (classifier ? 1 : nt))
    throw ModelFormatError("model field 'n_outputs_' does not match the targets");
  f->max_features = cd::integer_from_json(cd::field(j, "max_features_"), "max_features_", 1, nf);
  f->importances =
      cd::vector_from_json(cd::field(j, "feature_importances_"), "feature_importances_", nf, false);
  f->tree = detail::FlatTree::from_json(cd::field(j, "tree"), nf, stride, classifier);
  fitted_ = std::move(f);
}

// ---------------------------------------------------------------- classifier

DecisionTreeClassifier::DecisionTreeClassifier(Params params) : params_(std::move(params)) {}

std::unique_ptr<Estimator> DecisionTreeClassifier::clone() const {
  return std::make_unique<DecisionTreeClassifier>(params_);
}

const Tags& DecisionTreeClassifier::tags() const {
  static const Tags t = [] {
    Tags t;
    t.kind = Tags::Kind::Classifier;
    t.allow_nan = true;  // missing values go to the better side of each split
    t.supports_sample_weight = true;
    t.stochastic = true;
    t.has_predict = true;
    t.has_predict_proba = true;
    return t;
  }();
  return t;
}

const ParamTable& DecisionTreeClassifier::param_table() const { return classifier_table(); }

void DecisionTreeClassifier::validate_params() const {
  detail::validate_settings(settings_of(params_), "DecisionTreeClassifier");
}

const Vector& DecisionTreeClassifier::classes() const { return fitted_tree().classes; }

void DecisionTreeClassifier::fit_impl(MatrixView X, MatrixView Y, const FitOptions& opts) {
  Grown g = grow(settings_of(params_), params_.random_state, &params_.class_weight, X, Y, opts,
                 "DecisionTreeClassifier");
  opts.checkpoint(0.9);
  if (params_.ccp_alpha > 0.0) g.structure = detail::prune(g.structure, params_.ccp_alpha);
  auto f = std::make_shared<detail::FittedTree>();
  f->tree = detail::FlatTree::from_structure(g.structure);
  f->importances = detail::normalized_importances(g.structure, X.cols());
  f->classes = g.classes;
  f->max_features = g.max_features;
  opts.checkpoint(1.0);
  fitted_ = std::move(f);
}

Matrix DecisionTreeClassifier::predict_proba_impl(MatrixView X) const {
  return detail::sum_leaf_values({&fitted_->tree}, X, fitted_->tree.stride, true, 1);
}

PruningPath DecisionTreeClassifier::cost_complexity_pruning_path(MatrixView X, VectorView y,
                                                                 const FitOptions& opts) const {
  DecisionTreeClassifier est(params_);
  est.params_.ccp_alpha = 0.0;
  est.fit(X, y, opts);
  Grown g = grow(settings_of(params_), params_.random_state, &params_.class_weight, X,
                 Eigen::Map<const Matrix>(y.data(), y.size(), 1), opts, "DecisionTreeClassifier");
  PruningPath p;
  std::vector<double> a, imp;
  detail::pruning_path(g.structure, a, imp);
  p.ccp_alphas = Eigen::Map<const Vector>(a.data(), static_cast<Index>(a.size()));
  p.impurities = Eigen::Map<const Vector>(imp.data(), static_cast<Index>(imp.size()));
  return p;
}

// ---------------------------------------------------------------- regressor

DecisionTreeRegressor::DecisionTreeRegressor(Params params) : params_(std::move(params)) {}

std::unique_ptr<Estimator> DecisionTreeRegressor::clone() const {
  return std::make_unique<DecisionTreeRegressor>(params_);
}

const Tags& DecisionTreeRegressor::tags() const {
  static const Tags t = [] {
    Tags t;
    t.kind = Tags::Kind::Regressor;
    t.multi_output = true;
    t.allow_nan = true;  // missing values go to the better side of each split
    t.supports_sample_weight = true;
    t.stochastic = true;
    t.has_predict = true;
    return t;
  }();
  return t;
}

const ParamTable& DecisionTreeRegressor::param_table() const { return regressor_table(); }

void DecisionTreeRegressor::validate_params() const {
  detail::validate_settings(settings_of(params_), "DecisionTreeRegressor");
}

void DecisionTreeRegressor::fit_impl(MatrixView X, MatrixView Y, const FitOptions& opts) {
  Grown g = grow(settings_of(params_), params_.random_state, nullptr, X, Y, opts,
                 "DecisionTreeRegressor");
  opts.checkpoint(0.9);
  if (params_.ccp_alpha > 0.0) g.structure = detail::prune(g.structure, params_.ccp_alpha);
  auto f = std::make_shared<detail::FittedTree>();
  f->tree = detail::FlatTree::from_structure(g.structure);
  f->importances = detail::normalized_importances(g.structure, X.cols());
  f->max_features = g.max_features;
  opts.checkpoint(1.0);
  fitted_ = std::move(f);
}

PruningPath DecisionTreeRegressor::cost_complexity_pruning_path(MatrixView X, MatrixView Y,
                                                                const FitOptions& opts) const {
  DecisionTreeRegressor est(params_);
  est.fit_multi(X, Y, opts);  // validates the input as fit does
  Grown g = grow(settings_of(params_), params_.random_state, nullptr, X, Y, opts,
                 "DecisionTreeRegressor");
  PruningPath p;
  std::vector<double> a, imp;
  detail::pruning_path(g.structure, a, imp);
  p.ccp_alphas = Eigen::Map<const Vector>(a.data(), static_cast<Index>(a.size()));
  p.impurities = Eigen::Map<const Vector>(imp.data(), static_cast<Index>(imp.size()));
  return p;
}

}  // namespace mlkit::tree
