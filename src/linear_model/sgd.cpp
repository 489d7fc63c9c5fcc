#include "mlkit/linear_model/sgd.hpp"

#include <oneapi/tbb/parallel_for.h>

#include <cmath>
#include <limits>
#include <vector>

#include "mlkit/core/context.hpp"
#include "mlkit/core/errors.hpp"
#include "mlkit/core/random.hpp"
#include "mlkit/model_selection/split.hpp"
#include "src/core/detail/classes.hpp"
#include "src/core/detail/json_io.hpp"
#include "src/core/detail/param_table_builder.hpp"
#include "src/linear_model/detail/linear_predict.hpp"
#include "src/linear_model/detail/sgd.hpp"

namespace mlkit::linear_model {

namespace {

namespace sgd = linear_model::detail;

const std::vector<std::string> kClassifierLosses = {"hinge",
                                                    "log_loss",
                                                    "modified_huber",
                                                    "squared_hinge",
                                                    "perceptron",
                                                    "squared_error",
                                                    "huber",
                                                    "epsilon_insensitive",
                                                    "squared_epsilon_insensitive"};
const std::vector<std::string> kRegressorLosses = {"squared_error", "huber", "epsilon_insensitive",
                                                   "squared_epsilon_insensitive"};

// The parameters both estimators share, declared in scikit-learn's order around the ones that
// only the classifier has.
template <class P>
void add_common_head(mlkit::detail::ParamTableBuilder<P>& b,
                     const std::vector<std::string>& losses) {
  b.add("loss", &P::loss, "The loss function to be used.", {ParamAlternative::string(losses)})
      .add("penalty", &P::penalty, "The penalty: 'l2', 'l1', 'elasticnet' or None.",
           {ParamAlternative::string({"l2", "l1", "elasticnet"})})
      .add("alpha", &P::alpha,
           "Constant that multiplies the penalty; also sets the 'optimal' learning rate.",
           {ParamAlternative::real(0, HUGE_VAL, true, false)})
      .add("l1_ratio", &P::l1_ratio, "The elastic-net mixing: 0 is L2, 1 is L1.",
           {ParamAlternative::real(0, 1, true, true)})
      .add("fit_intercept", &P::fit_intercept, "Whether to fit an intercept.")
      .add("max_iter", &P::max_iter, "Maximum number of passes over the training data (epochs).",
           {ParamAlternative::integer(1)})
      .add("tol", &P::tol,
           "Stop when the objective (or the validation score) has not improved by tol for "
           "n_iter_no_change epochs; None never stops early.",
           {ParamAlternative::real(0, HUGE_VAL, true, false)})
      .add("shuffle", &P::shuffle, "Whether to shuffle the training data before each epoch.")
      .add("verbose", &P::verbose, "Kept for scikit-learn compatibility; mlkit prints nothing.",
           {ParamAlternative::integer(0)})
      .add("epsilon", &P::epsilon,
           "Width of the insensitive region of the huber and epsilon-insensitive losses.",
           {ParamAlternative::real(0, HUGE_VAL, true, false)});
}

template <class P>
void add_common_tail(mlkit::detail::ParamTableBuilder<P>& b, const char* default_rate) {
  b.add("random_state", &P::random_state,
        "Seed of the shuffling and of the validation split; None draws a fresh seed.",
        {ParamAlternative::integer(0, 4294967295.0)})
      .add("learning_rate", &P::learning_rate,
           std::string("The schedule: 'constant' (eta0), 'optimal' (1 / (alpha (t0 + t))),"
                       " 'invscaling' (eta0 / t^power_t) or 'adaptive' (eta0, divided by 5 "
                       "when progress stalls); default '") +
               default_rate + "'.",
           {ParamAlternative::string({"constant", "optimal", "invscaling", "adaptive"})})
      .add("eta0", &P::eta0, "Initial learning rate of 'constant', 'invscaling', 'adaptive'.",
           {ParamAlternative::real(0, HUGE_VAL, false, false)})
      .add("power_t", &P::power_t, "Exponent of the 'invscaling' schedule.",
           {ParamAlternative::real(-HUGE_VAL, HUGE_VAL, false, false)})
      .add("early_stopping", &P::early_stopping,
           "Hold out validation_fraction of the data and stop when its score stalls.")
      .add("validation_fraction", &P::validation_fraction, "Fraction held out for early stopping.",
           {ParamAlternative::real(0, 1, false, false)})
      .add("n_iter_no_change", &P::n_iter_no_change, "Epochs without improvement before stopping.",
           {ParamAlternative::integer(1)});
}

template <class P>
void add_warm_average(mlkit::detail::ParamTableBuilder<P>& b) {
  b.add("warm_start", &P::warm_start, "Start fit from the previous solution.")
      .add("average", &P::average,
           "Average the weights (ASGD): True from the first update, or an int n to start at "
           "update n.",
           {ParamAlternative::boolean(), ParamAlternative::integer(1)});
}

const ParamTable& classifier_table() {
  using P = SGDClassifierParams;
  static const ParamTable t = [] {
    mlkit::detail::ParamTableBuilder<P> b("SGDClassifier");
    add_common_head(b, kClassifierLosses);
    b.add("n_jobs", &P::n_jobs,
          "Threads for the one-vs-rest problems: None for the process default, -1 for all.");
    add_common_tail(b, "optimal");
    b.add("class_weight", &P::class_weight,
          "Weights of the classes: None (all 1), 'balanced' (n_samples / (n_classes * class "
          "count)) or a dict {label: weight} (others 1).",
          {ParamAlternative::string({"balanced"}), ParamAlternative::real_dict()});
    add_warm_average(b);
    return b.build();
  }();
  return t;
}

const ParamTable& regressor_table() {
  using P = SGDRegressorParams;
  static const ParamTable t = [] {
    mlkit::detail::ParamTableBuilder<P> b("SGDRegressor");
    add_common_head(b, kRegressorLosses);
    add_common_tail(b, "invscaling");
    add_warm_average(b);
    return b.build();
  }();
  return t;
}

std::optional<std::int64_t> seed_of(std::optional<int> random_state) {
  if (!random_state) return std::nullopt;
  return std::int64_t{*random_state};
}

Index average_start(const ParamValue& v) {
  if (v.is_bool()) return v.as_bool() ? 1 : 0;
  return static_cast<Index>(v.as_int());
}

template <class P>
void validate_common(const P& p, const char* owner) {
  if (p.learning_rate == "optimal" && p.alpha == 0.0)
    throw InvalidParameter(std::string(owner) +
                           ": alpha must be > 0 since learning_rate is 'optimal'. alpha is used "
                           "to compute the optimal learning rate.");
}

template <class P>
sgd::SgdConfig make_config(const P& p, Index max_iter, std::uint64_t seed) {
  sgd::SgdConfig c;
  c.loss = sgd::sgd_loss(p.loss);
  c.epsilon = p.epsilon;
  c.penalty = sgd::sgd_penalty(p.penalty.value_or(""));
  c.alpha = p.alpha;
  c.l1_ratio = p.l1_ratio;
  c.fit_intercept = p.fit_intercept;
  c.max_iter = max_iter;
  c.tol = p.tol ? *p.tol : -HUGE_VAL;
  c.shuffle = p.shuffle;
  c.seed = seed;
  c.rate = sgd::sgd_rate(p.learning_rate);
  c.eta0 = p.eta0;
  c.power_t = p.power_t;
  c.n_iter_no_change = p.n_iter_no_change;
  c.average = average_start(p.average);
  return c;
}

// Rows held out for early stopping (empty when it is off): a stratified split for classifiers,
// drawn from the random_state's own stream.
std::vector<char> validation_rows(bool early, double fraction, Index n, VectorView labels,
                                  std::optional<std::int64_t> random_state,
                                  const Vector& sample_weight) {
  std::vector<char> mask;
  if (!early) return mask;
  const auto splitter =
      labels.size()
          ? model_selection::stratified_shuffle_split(
                1, model_selection::SplitSize::fraction(fraction), std::nullopt, random_state)
          : std::make_unique<model_selection::ShuffleSplit>(
                1, model_selection::SplitSize::fraction(fraction), std::nullopt, random_state);
  const model_selection::Split s = splitter->split(n, labels).front();
  if (s.train.empty() || s.test.empty())
    throw InvalidInput("Splitting " + std::to_string(n) +
                       " samples into a train set and a validation set with "
                       "validation_fraction=" +
                       ParamValue(fraction).repr() +
                       " led to an empty set. Please either change validation_fraction, "
                       "increase number of samples, or disable early_stopping.");
  mask.assign(static_cast<std::size_t>(n), 0);
  bool any_weight = sample_weight.size() == 0;
  for (Index i : s.test) {
    mask[static_cast<std::size_t>(i)] = 1;
    if (sample_weight.size() && sample_weight[i] > 0) any_weight = true;
  }
  if (!any_weight)
    throw InvalidInput(
        "The sample weights for validation set are all zero, consider using a different "
        "random state.");
  return mask;
}

// The weighted score of the validation rows: accuracy of the sign for ±1 targets (classes), R²
// otherwise.
std::function<double(const Vector&, double)> validation_score(MatrixView X, const Vector& y,
                                                              const Vector& sw,
                                                              const std::vector<char>& mask,
                                                              bool classification) {
  if (mask.empty()) return {};
  return [&X, &y, &sw, &mask, classification](const Vector& w, double b) {
    double num = 0, den = 0, mean = 0, total = 0;
    if (!classification) {
      for (std::size_t i = 0; i < mask.size(); ++i)
        if (mask[i]) {
          const double wi = sw.size() ? sw[static_cast<Index>(i)] : 1.0;
          mean += wi * y[static_cast<Index>(i)], total += wi;
        }
      mean /= total;
    }
    for (std::size_t i = 0; i < mask.size(); ++i) {
      if (!mask[i]) continue;
      const auto ii = static_cast<Index>(i);
      const double wi = sw.size() ? sw[ii] : 1.0;
      const double pred = X.row(ii).dot(w) + b;
      if (classification) {
        num += wi * ((pred > 0 ? 1.0 : -1.0) == y[ii] ? 1.0 : 0.0);
        den += wi;
      } else {
        num += wi * (y[ii] - pred) * (y[ii] - pred);
        den += wi * (y[ii] - mean) * (y[ii] - mean);
      }
    }
    if (classification) return den > 0 ? num / den : 0.0;
    return den > 0 ? 1.0 - num / den : (num == 0 ? 1.0 : 0.0);
  };
}

const Tags& classifier_tags(bool proba) {
  static const auto make = [](bool p) {
    Tags t;
    t.kind = Tags::Kind::Classifier;
    t.supports_sample_weight = true;
    t.stochastic = true;
    t.has_predict = true;
    t.has_decision_function = true;
    t.has_partial_fit = true;
    t.has_predict_proba = p;
    return t;
  };
  static const Tags with = make(true), without = make(false);
  return proba ? with : without;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// SGDClassifier
// ---------------------------------------------------------------------------------------------

SGDClassifier::SGDClassifier(Params params) : params_(std::move(params)) {}

std::unique_ptr<Estimator> SGDClassifier::clone() const {
  return std::make_unique<SGDClassifier>(params_);
}

// predict_proba exists for the losses that estimate probabilities (scikit-learn's available_if).
const Tags& SGDClassifier::tags() const {
  return classifier_tags(params_.loss == "log_loss" || params_.loss == "modified_huber");
}

const ParamTable& SGDClassifier::param_table() const { return classifier_table(); }

void SGDClassifier::validate_params() const { validate_common(params_, "SGDClassifier"); }

const Matrix& SGDClassifier::coef() const {
  check_fitted();
  return state_.coef;
}
const Vector& SGDClassifier::intercept() const {
  check_fitted();
  return state_.intercept;
}
const Vector& SGDClassifier::classes() const {
  check_fitted();
  return state_.classes;
}
Index SGDClassifier::n_iter() const {
  check_fitted();
  return state_.n_iter;
}
double SGDClassifier::t() const {
  check_fitted();
  return state_.t;
}

SGDClassifier::State SGDClassifier::run(MatrixView X, VectorView y, const Vector& classes,
                                        const FitOptions& opts, Index max_iter,
                                        const State* start) const {
  const Index n = X.rows(), p = X.cols(), k = classes.size();
  // Codes of y into the given classes; a label outside them is an error.
  mlkit::detail::ClassEncoding enc;
  enc.classes = classes;
  enc.codes.resize(static_cast<std::size_t>(n));
  enc.counts.assign(static_cast<std::size_t>(k), 0);
  for (Index i = 0; i < n; ++i) {
    const double* it = std::lower_bound(classes.data(), classes.data() + k, y[i]);
    if (it == classes.data() + k || *it != y[i])
      throw InvalidInput("y contains label " + ParamValue(y[i]).repr() +
                         " that is not in classes " +
                         ParamValue(ParamValue::List(classes.data(), classes.data() + k)).repr());
    const auto c = static_cast<Index>(it - classes.data());
    enc.codes[static_cast<std::size_t>(i)] = c;
    ++enc.counts[static_cast<std::size_t>(c)];
  }
  // scikit-learn weighs the classes by the labels alone (compute_class_weight without weights).
  const Vector cw = mlkit::detail::class_weights(params_.class_weight, enc, Vector());
  const std::uint64_t seed = resolve_seed(seed_of(params_.random_state));
  const std::vector<char> mask =
      validation_rows(params_.early_stopping, params_.validation_fraction, n, y,
                      seed_of(params_.random_state), opts.sample_weight);
  const Index problems = k == 2 ? 1 : k;
  const sgd::SgdConfig base = make_config(params_, max_iter, seed);
  std::vector<sgd::SgdModel> models(static_cast<std::size_t>(problems));
  std::vector<Vector> targets(static_cast<std::size_t>(problems));
  const Context ctx(params_.n_jobs);
  ctx.run([&] {
    oneapi::tbb::parallel_for(Index{0}, problems, [&](Index c) {
      const Index positive = k == 2 ? 1 : c;
      Vector& yc = targets[static_cast<std::size_t>(c)];
      yc.resize(n);
      for (Index i = 0; i < n; ++i)
        yc[i] = enc.codes[static_cast<std::size_t>(i)] == positive ? 1.0 : -1.0;
      sgd::SgdConfig cfg = base;
      cfg.stream = static_cast<std::uint64_t>(c);
      cfg.weight_pos = cw[positive];
      cfg.weight_neg = k == 2 ? cw[0] : 1.0;
      cfg.t_start = start ? start->t : 1.0;
      sgd::SgdModel& m = models[static_cast<std::size_t>(c)];
      m.w = Vector::Zero(p);
      if (start) {
        m.w = start->standard_coef.row(c).transpose();
        m.intercept = start->standard_intercept[c];
        if (start->average_coef.rows() == problems) {
          m.avg_w = start->average_coef.row(c).transpose();
          m.avg_intercept = start->average_intercept[c];
        }
      }
      sgd::plain_sgd(X, yc, opts.sample_weight, mask,
                     validation_score(X, yc, opts.sample_weight, mask, true), cfg, m);
    });
  });
  State s;
  s.classes = classes;
  s.standard_coef.resize(problems, p);
  s.standard_intercept.resize(problems);
  const bool averaging = base.average > 0;
  if (averaging) s.average_coef.resize(problems, p), s.average_intercept.resize(problems);
  for (Index c = 0; c < problems; ++c) {
    const auto& m = models[static_cast<std::size_t>(c)];
    s.standard_coef.row(c) = m.w.transpose();
    s.standard_intercept[c] = m.intercept;
    if (averaging) {
      s.average_coef.row(c) = m.avg_w.transpose();
      s.average_intercept[c] = m.avg_intercept;
    }
    s.n_iter = std::max(s.n_iter, m.n_iter);
  }
  // scikit-learn counts t_ over all rows, the held-out ones included.
  s.t = (start ? start->t : 1.0) + static_cast<double>(s.n_iter * n);
  const bool use_average = averaging && static_cast<double>(base.average) <= s.t - 1.0;
  s.coef = use_average ? s.average_coef : s.standard_coef;
  s.intercept = use_average ? s.average_intercept : s.standard_intercept;
  return s;
}

void SGDClassifier::fit_impl(MatrixView X, MatrixView Y, const FitOptions& opts) {
  const mlkit::detail::ClassEncoding enc = mlkit::detail::encode_classes(Y.col(0));
  if (enc.n_classes() < 2)
    throw InvalidInput("The number of classes has to be greater than one; got 1 class");
  // A warm start begins at the previous coefficients (averaged ones when averaging), with the
  // update counter and the averages reset, as scikit-learn's.
  State warm;
  const bool use_warm = params_.warm_start && fitted() &&
                        state_.classes.size() == enc.n_classes() && state_.classes == enc.classes &&
                        state_.coef.cols() == X.cols();
  if (use_warm) {
    warm.standard_coef = state_.coef;
    warm.standard_intercept = state_.intercept;
    warm.t = 1.0;
  }
  opts.checkpoint(0.0);
  State s = run(X, Y.col(0), enc.classes, opts, params_.max_iter, use_warm ? &warm : nullptr);
  opts.checkpoint(1.0);
  state_ = std::move(s);
}

void SGDClassifier::partial_fit_impl(MatrixView X, MatrixView Y, const FitOptions& opts,
                                     VectorView classes) {
  if (params_.early_stopping)
    throw InvalidParameter("early_stopping should be False with partial_fit");
  Vector cls;
  if (fitted()) {
    cls = state_.classes;
    if (classes.size() &&
        (classes.size() != cls.size() ||
         !std::equal(cls.data(), cls.data() + cls.size(), Vector(classes).data())))
      throw InvalidInput("`classes` is not the same as on the last call to partial_fit");
  } else {
    if (classes.size() == 0)
      throw InvalidInput("classes must be passed on the first call to partial_fit.");
    cls = mlkit::detail::encode_classes(classes).classes;
    if (cls.size() != classes.size()) throw InvalidInput("classes must list each label once");
    if (cls.size() < 2)
      throw InvalidInput("The number of classes has to be greater than one; got 1 class");
  }
  const State* start = fitted() ? &state_ : nullptr;
  opts.checkpoint(0.0);
  State s = run(X, Y.col(0), cls, opts, 1, start);
  opts.checkpoint(1.0);
  state_ = std::move(s);
}

Matrix SGDClassifier::decision_function_impl(MatrixView X) const {
  return detail::linear_decision(X, state_.coef, state_.intercept);
}

Matrix SGDClassifier::predict_impl(MatrixView X) const {
  return detail::labels_from_decision(decision_function_impl(X), state_.classes);
}

Matrix SGDClassifier::predict_proba_impl(MatrixView X) const {
  if (!tags().has_predict_proba)
    throw NotSupported("probability estimates are not available for loss='" + params_.loss + "'");
  const Matrix d = decision_function_impl(X);
  const Index k = state_.classes.size();
  Matrix P(X.rows(), k);
  if (params_.loss == "log_loss") {
    if (k == 2) {
      for (Index i = 0; i < X.rows(); ++i) {
        const double p1 = 1.0 / (1.0 + std::exp(-d(i, 0)));
        P(i, 0) = 1.0 - p1, P(i, 1) = p1;
      }
      return P;
    }
    // One-vs-rest probabilities, normalised (scikit-learn's _predict_proba_lr).
    for (Index i = 0; i < X.rows(); ++i) {
      for (Index c = 0; c < k; ++c) P(i, c) = 1.0 / (1.0 + std::exp(-d(i, c)));
      P.row(i) /= P.row(i).sum();
    }
    return P;
  }
  // modified_huber: (clip(d, -1, 1) + 1) / 2, normalised; rows with all zeros are uniform
  // (Zadrozny & Elkan, 2002, as scikit-learn).
  for (Index i = 0; i < X.rows(); ++i) {
    if (k == 2) {
      const double p1 = (std::clamp(d(i, 0), -1.0, 1.0) + 1.0) / 2.0;
      P(i, 0) = 1.0 - p1, P(i, 1) = p1;
      continue;
    }
    for (Index c = 0; c < k; ++c) P(i, c) = (std::clamp(d(i, c), -1.0, 1.0) + 1.0) / 2.0;
    const double sum = P.row(i).sum();
    if (sum == 0.0)
      P.row(i).setConstant(1.0 / static_cast<double>(k));
    else
      P.row(i) /= sum;
  }
  return P;
}

void SGDClassifier::save_state(nlohmann::json& j) const {
  using namespace mlkit::detail;
  save_classes(j, state_.classes);
  j["coef_"] = matrix_to_json(state_.coef);
  j["intercept_"] = vector_to_json(state_.intercept);
  j["n_iter_"] = state_.n_iter;
  j["t_"] = number_to_json(state_.t);
  j["_standard_coef"] = matrix_to_json(state_.standard_coef);
  j["_standard_intercept"] = vector_to_json(state_.standard_intercept);
  j["_average_coef"] = matrix_to_json(state_.average_coef);
  j["_average_intercept"] = vector_to_json(state_.average_intercept);
}

void SGDClassifier::load_state(const nlohmann::json& j, Index nf, Index nt) {
  using namespace mlkit::detail;
  if (nt != 1) throw ModelFormatError("model field 'n_targets' must be 1 for SGDClassifier");
  State s;
  s.classes = load_classes(j);
  const Index rows = s.classes.size() == 2 ? 1 : s.classes.size();
  s.coef = matrix_from_json(field(j, "coef_"), "coef_", rows, nf, false);
  s.intercept = vector_from_json(field(j, "intercept_"), "intercept_", rows, false);
  s.n_iter = integer_from_json(field(j, "n_iter_"), "n_iter_", 0, std::int64_t{1} << 40);
  s.t = finite_from_json(field(j, "t_"), "t_", 1.0);
  s.standard_coef = matrix_from_json(field(j, "_standard_coef"), "_standard_coef", rows, nf, false);
  s.standard_intercept =
      vector_from_json(field(j, "_standard_intercept"), "_standard_intercept", rows, false);
  const auto& avg = field(j, "_average_coef");
  const bool has_avg = avg.is_array() && !avg.empty();
  s.average_coef =
      matrix_from_json(avg, "_average_coef", has_avg ? rows : 0, has_avg ? nf : 0, false);
  s.average_intercept = vector_from_json(field(j, "_average_intercept"), "_average_intercept",
                                         has_avg ? rows : 0, false);
  state_ = std::move(s);
}

// ---------------------------------------------------------------------------------------------
// SGDRegressor
// ---------------------------------------------------------------------------------------------

SGDRegressor::SGDRegressor(Params params) : params_(std::move(params)) {}

std::unique_ptr<Estimator> SGDRegressor::clone() const {
  return std::make_unique<SGDRegressor>(params_);
}

const Tags& SGDRegressor::tags() const {
  static const Tags t = [] {
    Tags t;
    t.kind = Tags::Kind::Regressor;
    t.supports_sample_weight = true;
    t.stochastic = true;
    t.has_predict = true;
    t.has_partial_fit = true;
    return t;
  }();
  return t;
}

const ParamTable& SGDRegressor::param_table() const { return regressor_table(); }

void SGDRegressor::validate_params() const { validate_common(params_, "SGDRegressor"); }

const Vector& SGDRegressor::coef() const {
  check_fitted();
  return state_.coef;
}
double SGDRegressor::intercept() const {
  check_fitted();
  return state_.intercept;
}
Index SGDRegressor::n_iter() const {
  check_fitted();
  return state_.n_iter;
}
double SGDRegressor::t() const {
  check_fitted();
  return state_.t;
}

SGDRegressor::State SGDRegressor::run(MatrixView X, VectorView yv, const FitOptions& opts,
                                      Index max_iter, const State* start) const {
  const Index n = X.rows(), p = X.cols();
  const Vector y = yv;
  const std::vector<char> mask =
      validation_rows(params_.early_stopping, params_.validation_fraction, n, Vector(),
                      seed_of(params_.random_state), opts.sample_weight);
  sgd::SgdConfig cfg = make_config(params_, max_iter, resolve_seed(seed_of(params_.random_state)));
  cfg.t_start = start ? start->t : 1.0;
  sgd::SgdModel m;
  m.w = Vector::Zero(p);
  if (start) {
    m.w = start->standard_coef;
    m.intercept = start->standard_intercept;
    if (start->average_coef.size() == p) {
      m.avg_w = start->average_coef;
      m.avg_intercept = start->average_intercept;
    }
  }
  sgd::plain_sgd(X, y, opts.sample_weight, mask,
                 validation_score(X, y, opts.sample_weight, mask, false), cfg, m);
  State s;
  s.standard_coef = m.w;
  s.standard_intercept = m.intercept;
  const bool averaging = cfg.average > 0;
  if (averaging) s.average_coef = m.avg_w, s.average_intercept = m.avg_intercept;
  s.n_iter = m.n_iter;
  s.t = cfg.t_start + static_cast<double>(m.n_iter * n);
  const bool use_average = averaging && static_cast<double>(cfg.average) <= s.t - 1.0;
  s.coef = use_average ? s.average_coef : s.standard_coef;
  s.intercept = use_average ? s.average_intercept : s.standard_intercept;
  return s;
}

void SGDRegressor::fit_impl(MatrixView X, MatrixView Y, const FitOptions& opts) {
  State warm;
  const bool use_warm = params_.warm_start && fitted() && state_.coef.size() == X.cols();
  if (use_warm) {
    warm.standard_coef = state_.coef;
    warm.standard_intercept = state_.intercept;
    warm.t = 1.0;
  }
  opts.checkpoint(0.0);
  State s = run(X, Y.col(0), opts, params_.max_iter, use_warm ? &warm : nullptr);
  opts.checkpoint(1.0);
  state_ = std::move(s);
}

void SGDRegressor::partial_fit_impl(MatrixView X, MatrixView Y, const FitOptions& opts,
                                    VectorView) {
  if (params_.early_stopping)
    throw InvalidParameter("early_stopping should be False with partial_fit");
  opts.checkpoint(0.0);
  State s = run(X, Y.col(0), opts, 1, fitted() ? &state_ : nullptr);
  opts.checkpoint(1.0);
  state_ = std::move(s);
}

Matrix SGDRegressor::predict_impl(MatrixView X) const {
  Matrix out = X * state_.coef;
  out.array() += state_.intercept;
  return out;
}

void SGDRegressor::save_state(nlohmann::json& j) const {
  using namespace mlkit::detail;
  j["coef_"] = vector_to_json(state_.coef);
  j["intercept_"] = vector_to_json(Vector::Constant(1, state_.intercept));
  j["n_iter_"] = state_.n_iter;
  j["t_"] = number_to_json(state_.t);
  j["_standard_coef"] = vector_to_json(state_.standard_coef);
  j["_standard_intercept"] = number_to_json(state_.standard_intercept);
  j["_average_coef"] = vector_to_json(state_.average_coef);
  j["_average_intercept"] = number_to_json(state_.average_intercept);
}

void SGDRegressor::load_state(const nlohmann::json& j, Index nf, Index nt) {
  using namespace mlkit::detail;
  if (nt != 1) throw ModelFormatError("model field 'n_targets' must be 1 for SGDRegressor");
  State s;
  s.coef = vector_from_json(field(j, "coef_"), "coef_", nf, false);
  s.intercept = vector_from_json(field(j, "intercept_"), "intercept_", 1, false)[0];
  s.n_iter = integer_from_json(field(j, "n_iter_"), "n_iter_", 0, std::int64_t{1} << 40);
  s.t = finite_from_json(field(j, "t_"), "t_", 1.0);
  s.standard_coef = vector_from_json(field(j, "_standard_coef"), "_standard_coef", nf, false);
  s.standard_intercept = finite_from_json(field(j, "_standard_intercept"), "_standard_intercept");
  const auto& avg = field(j, "_average_coef");
  s.average_coef =
      vector_from_json(avg, "_average_coef", avg.is_array() && !avg.empty() ? nf : 0, false);
  s.average_intercept = finite_from_json(field(j, "_average_intercept"), "_average_intercept");
  state_ = std::move(s);
}

}  // namespace mlkit::linear_model
