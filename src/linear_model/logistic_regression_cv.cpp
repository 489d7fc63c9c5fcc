#include "mlkit/linear_model/logistic_regression_cv.hpp"

#include <oneapi/tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <mutex>

#include "mlkit/core/context.hpp"
#include "mlkit/core/errors.hpp"
#include "mlkit/core/warnings.hpp"
#include "mlkit/model_selection/split.hpp"
#include "src/core/detail/classes.hpp"
#include "src/core/detail/json_io.hpp"
#include "src/core/detail/param_table_builder.hpp"
#include "src/linear_model/detail/linear_loss.hpp"
#include "src/linear_model/detail/linear_predict.hpp"
#include "src/linear_model/detail/logistic_fit.hpp"

namespace mlkit::linear_model {

namespace {

using P = LogisticRegressionCVParams;

const ParamTable& table() {
  static const ParamTable t =
      mlkit::detail::ParamTableBuilder<P>("LogisticRegressionCV")
          .add("Cs", &P::Cs,
               "The C values to try: an int n for n values on a log scale from 1e-4 to 1e4, "
               "or a list of them.",
               {ParamAlternative::integer(1), ParamAlternative::real_list()})
          .add("l1_ratios", &P::l1_ratios,
               "Elastic-net mixings to try (a list of values in [0, 1]); None (and the default "
               "'warn') fits the L2 penalty only.",
               {ParamAlternative::real_list(), ParamAlternative::string({"warn"})})
          .allow_none()
          .add("fit_intercept", &P::fit_intercept, "Whether to fit an intercept per class.")
          .add("cv", &P::cv, "Number of folds of StratifiedKFold (unshuffled); None for 5.",
               {ParamAlternative::integer(2)})
          .add("dual", &P::dual, "Dual formulation (liblinear only); must be False.")
          .add("penalty", &P::penalty,
               "Deprecated in scikit-learn 1.8: 'l2', 'l1' or 'elasticnet'; 'deprecated' "
               "derives the penalty from l1_ratios.",
               {ParamAlternative::string({"deprecated", "l1", "l2", "elasticnet"})})
          .add("scoring", &P::scoring,
               "Score of the held-out folds: None (and the default 'warn') or 'accuracy' for "
               "the weighted accuracy, or 'neg_log_loss'.",
               {ParamAlternative::string({"warn", "accuracy", "neg_log_loss"})})
          .add("solver", &P::solver,
               "'lbfgs' (L2 only) or 'saga' (any l1_ratio, by proximal Newton coordinate "
               "descent), as LogisticRegression's.",
               {ParamAlternative::string({"lbfgs", "saga"})})
          .add("tol", &P::tol, "Stopping tolerance of each fit, as LogisticRegression's.",
               {ParamAlternative::real(0, HUGE_VAL, true, false)})
          .add("max_iter", &P::max_iter, "Maximum iterations of each fit.",
               {ParamAlternative::integer(0)})
          .add("class_weight", &P::class_weight,
               "None, 'balanced' (computed once on all of y) or a dict {label: weight}.",
               {ParamAlternative::string({"balanced"}), ParamAlternative::real_dict()})
          .add("n_jobs", &P::n_jobs,
               "Threads for the folds and fits: None for the process default, -1 for all "
               "cores.",
               {ParamAlternative::integer()})
          .add("verbose", &P::verbose, "Kept for scikit-learn compatibility; mlkit prints nothing.",
               {ParamAlternative::integer(0)})
          .add("refit", &P::refit,
               "Refit on all the data at the best (C, l1_ratio); otherwise average the folds' "
               "best solutions.")
          .add("intercept_scaling", &P::intercept_scaling,
               "Used by the liblinear solver only; kept for scikit-learn compatibility.",
               {ParamAlternative::real(0, HUGE_VAL, false, false)})
          .add("random_state", &P::random_state, "Unused: both solvers are deterministic.",
               {ParamAlternative::integer(0)})
          .add("use_legacy_attributes", &P::use_legacy_attributes,
               "mlkit always gives scikit-learn 1.10's attributes (C_ and l1_ratio_ floats, "
               "scores_, n_iter_ and coefs_paths_ arrays indexed by fold, l1_ratio, C); "
               "'warn' and False select them, True is refused.",
               {ParamAlternative::boolean(), ParamAlternative::string({"warn"})})
          .build();
  return t;
}

bool l1_ratios_none(const P& p) { return p.l1_ratios.is_none() || p.l1_ratios.is_string(); }

std::vector<double> l1_ratio_list(const P& p) {
  std::vector<double> out;
  if (l1_ratios_none(p)) return out;
  for (const auto& v : p.l1_ratios.as_list()) out.push_back(v.as_double());
  return out;
}

// scikit-learn 1.8+'s penalty: explicit, or derived from l1_ratios.
std::string penalty_of(const P& p) {
  if (p.penalty != "deprecated") return p.penalty;
  const auto r = l1_ratio_list(p);
  if (r.empty()) return "l2";
  bool zeros = true, ones = true;
  for (double v : r) zeros &= v == 0, ones &= v == 1;
  return zeros ? "l2" : ones ? "l1" : "elasticnet";
}

Vector c_values(const ParamValue& Cs) {
  if (Cs.is_list()) {
    const auto& l = Cs.as_list();
    Vector out(static_cast<Index>(l.size()));
    for (Index i = 0; i < out.size(); ++i) out[i] = l[static_cast<std::size_t>(i)].as_double();
    return out;
  }
  // np.logspace(-4, 4, n): 10 ** linspace(-4, 4, n), whose last point is exactly 4.
  const Index n = static_cast<Index>(Cs.as_int());
  Vector out(n);
  const double step = n > 1 ? 8.0 / static_cast<double>(n - 1) : 0.0;
  for (Index i = 0; i < n; ++i)
    out[i] = std::pow(10.0, i == n - 1 && n > 1 ? 4.0 : -4.0 + static_cast<double>(i) * step);
  return out;
}

// A row subset of X, codes and weights.
struct Subset {
  Matrix X;
  Vector codes, sw, score_w;
};

Subset take(MatrixView X, const Vector& codes, const Vector& sw, const Vector& score_w,
            const std::vector<Index>& rows) {
  Subset s;
  const auto m = static_cast<Index>(rows.size());
  s.X.resize(m, X.cols());
  s.codes.resize(m);
  s.sw.resize(m);
  s.score_w.resize(m);
  for (Index i = 0; i < m; ++i) {
    const Index r = rows[static_cast<std::size_t>(i)];
    s.X.row(i) = X.row(r);
    s.codes[i] = codes[r];
    s.sw[i] = sw[r];
    s.score_w[i] = score_w[r];
  }
  return s;
}

// Weighted accuracy, or the weighted mean log-likelihood (neg_log_loss) with scikit-learn's
// clipping of the probabilities to [eps, 1 − eps], from the predictions and probabilities of
// the fitted model.
double fold_score(const Subset& test, const Matrix& coef, const Vector& intercept, Index n_classes,
                  bool log_loss) {
  const Matrix d = detail::linear_decision(test.X, coef, intercept);
  const Matrix pred = detail::labels_from_decision(
      d, Vector::LinSpaced(n_classes, 0.0, static_cast<double>(n_classes - 1)));
  const Matrix proba = log_loss ? detail::logistic_proba(d, n_classes) : Matrix();
  constexpr double eps = std::numeric_limits<double>::epsilon();
  double num = 0, den = 0;
  for (Index i = 0; i < test.X.rows(); ++i) {
    const auto y = static_cast<Index>(test.codes[i]);
    const double v = log_loss ? std::log(std::min(std::max(proba(i, y), eps), 1 - eps))
                              : (pred(i, 0) == test.codes[i] ? 1.0 : 0.0);
    num += test.score_w[i] * v;
    den += test.score_w[i];
  }
  return num / den;
}

}  // namespace

LogisticRegressionCV::LogisticRegressionCV(Params params) : params_(std::move(params)) {}

std::unique_ptr<Estimator> LogisticRegressionCV::clone() const {
  return std::make_unique<LogisticRegressionCV>(params_);
}

const Tags& LogisticRegressionCV::tags() const { return detail::logistic_tags(); }

const ParamTable& LogisticRegressionCV::param_table() const { return table(); }

void LogisticRegressionCV::validate_params() const {
  const std::string& solver = params_.solver;
  if (params_.dual)
    throw InvalidParameter("Solver " + solver + " supports only dual=False, got dual=True");
  const std::string pen = penalty_of(params_);
  if (solver == "lbfgs" && pen != "l2")
    throw InvalidParameter("Solver lbfgs supports only 'l2' or None penalties, got " + pen +
                           " penalty.");
  const auto r = l1_ratio_list(params_);
  if (!l1_ratios_none(params_)) {
    if (r.empty()) throw InvalidParameter("l1_ratios must not be empty.");
    for (double v : r)
      if (!(v >= 0 && v <= 1))
        throw InvalidParameter(
            "l1_ratios must be an array-like of numbers between 0 and 1; got (l1_ratios=" +
            params_.l1_ratios.repr() + ")");
  } else if (pen == "elasticnet") {
    throw InvalidParameter(
        "l1_ratios must be an array-like of numbers between 0 and 1; got (l1_ratios=None)");
  }
  if (params_.Cs.is_list()) {
    if (params_.Cs.as_list().empty())
      throw InvalidParameter("The 'Cs' parameter of LogisticRegressionCV must not be empty.");
    for (const auto& c : params_.Cs.as_list())
      if (!(c.as_double() > 0))
        throw InvalidParameter(
            "The 'Cs' parameter of LogisticRegressionCV must hold floats > 0. Got " +
            params_.Cs.repr() + " instead.");
  }
  if (params_.use_legacy_attributes.is_bool() && params_.use_legacy_attributes.as_bool())
    throw InvalidParameter(
        "LogisticRegressionCV: use_legacy_attributes=True is not supported; mlkit gives "
        "scikit-learn 1.10's attributes (use_legacy_attributes=False).");
}

const Vector& LogisticRegressionCV::classes() const {
  check_fitted();
  return state_.classes;
}
const Matrix& LogisticRegressionCV::coef() const {
  check_fitted();
  return state_.coef;
}
const Vector& LogisticRegressionCV::intercept() const {
  check_fitted();
  return state_.intercept;
}
const Vector& LogisticRegressionCV::Cs() const {
  check_fitted();
  return state_.Cs;
}
const Vector& LogisticRegressionCV::l1_ratios() const {
  check_fitted();
  return state_.l1_ratios;
}
double LogisticRegressionCV::C() const {
  check_fitted();
  return state_.C;
}
double LogisticRegressionCV::l1_ratio() const {
  check_fitted();
  return state_.l1_ratio;
}
const Vector& LogisticRegressionCV::scores() const {
  check_fitted();
  return state_.scores;
}
const Vector& LogisticRegressionCV::n_iter() const {
  check_fitted();
  return state_.n_iter;
}
const Matrix& LogisticRegressionCV::coefs_paths() const {
  check_fitted();
  return state_.coefs_paths;
}

void LogisticRegressionCV::fit_impl(MatrixView X, MatrixView Y, const FitOptions& opts) {
  const Index n = X.rows(), p = X.cols();
  const mlkit::detail::ClassEncoding enc = mlkit::detail::encode_classes(Y.col(0));
  mlkit::detail::require_two_classes(enc);
  // Class weights from all of y (scikit-learn turns 'balanced' into a dict before the folds).
  const Vector cw = mlkit::detail::class_weights(params_.class_weight, enc, opts.sample_weight);
  const Vector sw = mlkit::detail::weighted_samples(enc, cw, opts.sample_weight);
  const Vector score_w = opts.sample_weight.size() ? opts.sample_weight : Vector(Vector::Ones(n));
  const Index n_classes = enc.n_classes();
  const Index k = n_classes == 2 ? 1 : n_classes;
  const Index dof = p + (params_.fit_intercept ? 1 : 0);
  Vector codes(n);
  for (Index i = 0; i < n; ++i)
    codes[i] = static_cast<double>(enc.codes[static_cast<std::size_t>(i)]);

  const std::string pen = penalty_of(params_);
  const bool none_ratios = l1_ratios_none(params_);
  std::vector<double> ratios = l1_ratio_list(params_);
  if (none_ratios) ratios = {pen == "l1" ? 1.0 : 0.0};
  // The mixing each l1_ratio entry means for the derived penalty.
  auto mixing = [&](double r) { return pen == "l1" ? 1.0 : pen == "l2" ? 0.0 : r; };
  const Vector Cs = c_values(params_.Cs);
  const Index n_cs = Cs.size(), n_l1 = static_cast<Index>(ratios.size());
  const Index n_folds = params_.cv.value_or(5);
  const auto folds = model_selection::StratifiedKFold(n_folds).split(n, Y.col(0));
  const bool log_loss = params_.scoring && *params_.scoring == "neg_log_loss";

  detail::LogisticSetup base;
  base.n_out = k;
  base.fit_intercept = params_.fit_intercept;
  base.solver = params_.solver;
  base.tol = params_.tol;
  base.max_iter = params_.max_iter;

  State s;
  s.classes = enc.classes;
  s.Cs = Cs;
  s.l1_ratios = none_ratios ? Vector(Vector::Constant(1, std::numeric_limits<double>::quiet_NaN()))
                            : Vector(Eigen::Map<const Vector>(ratios.data(), n_l1));
  s.n_folds = n_folds;
  const Index n_fits = n_folds * n_l1 * n_cs;
  s.scores.resize(n_fits);
  s.n_iter.resize(n_fits);
  Matrix W(n_fits, k * dof);  // parameter vectors [W row by row, b], one row per fit
  std::vector<char> converged(static_cast<std::size_t>(n_fits), 1);
  std::string warning;

  // Progress from the parallel jobs, reported in order: one step per fit, under a lock.
  std::mutex progress_mutex;
  Index done = 0;
  auto progress = [&] {
    const std::lock_guard<std::mutex> lock(progress_mutex);
    opts.checkpoint(0.9 * static_cast<double>(done++) / static_cast<double>(n_fits));
  };
  const Context ctx(params_.n_jobs);
  ctx.run([&] {
    // One job per (fold, l1_ratio): its C path, each fit started from the previous one.
    oneapi::tbb::parallel_for(Index{0}, n_folds * n_l1, [&](Index job) {
      const Index f = job / n_l1, j = job % n_l1;
      const auto& split = folds[static_cast<std::size_t>(f)];
      const Subset train = take(X, codes, sw, score_w, split.train);
      const Subset test = take(X, codes, sw, score_w, split.test);
      Vector w = Vector::Zero(k * dof);
      for (Index c = 0; c < n_cs; ++c) {
        progress();
        detail::LogisticSetup setup = base;
        setup.C = Cs[c];
        setup.l1_ratio = mixing(ratios[static_cast<std::size_t>(j)]);
        detail::LogisticFit fit =
            detail::fit_logistic(train.X, train.codes, train.sw, setup, w, [](double) {});
        w = fit.w;
        const Index at = (f * n_l1 + j) * n_cs + c;
        W.row(at) = w.transpose();
        s.n_iter[at] = fit.n_iter;
        converged[static_cast<std::size_t>(at)] = fit.converged ? 1 : 0;
        Matrix coef;
        Vector icpt;
        detail::unpack_logistic(w, k, p, params_.fit_intercept, coef, icpt);
        s.scores[at] = fold_score(test, coef, icpt, n_classes, log_loss);
      }
    });
  });
  for (Index i = 0; i < n_fits; ++i)
    if (!converged[static_cast<std::size_t>(i)]) {
      warning = "LogisticRegressionCV: " +
                std::to_string(std::count(converged.begin(), converged.end(), 0)) +
                " of the cross-validation fits did not converge; increase max_iter.";
      break;
    }

  auto at = [&](Index f, Index c, Index j) { return (f * n_l1 + j) * n_cs + c; };
  Vector w;
  if (params_.refit) {
    // np.argmax over the fold sums, C-major: the first best (C, l1_ratio).
    Index best_c = 0, best_j = 0;
    double best = -HUGE_VAL;
    bool any = false;
    for (Index c = 0; c < n_cs; ++c)
      for (Index j = 0; j < n_l1; ++j) {
        double sum = 0;
        for (Index f = 0; f < n_folds; ++f) sum += s.scores[at(f, c, j)];
        if (!any || sum > best) best = sum, best_c = c, best_j = j, any = true;
      }
    s.C = Cs[best_c];
    s.l1_ratio = none_ratios ? (params_.penalty == "l1" ? 1.0 : 0.0)
                             : ratios[static_cast<std::size_t>(best_j)];
    Vector w0 = Vector::Zero(k * dof);
    for (Index f = 0; f < n_folds; ++f) w0 += W.row(at(f, best_c, best_j)).transpose();
    w0 /= static_cast<double>(n_folds);
    detail::LogisticSetup setup = base;
    setup.C = s.C;
    setup.l1_ratio = mixing(ratios[static_cast<std::size_t>(best_j)]);
    detail::LogisticFit fit;
    ctx.run([&] {
      fit = detail::fit_logistic(X, codes, sw, setup, w0,
                                 [&](double x) { opts.checkpoint(0.9 + 0.1 * x); });
    });
    if (!fit.converged && warning.empty()) warning = fit.warning;
    w = fit.w;
  } else {
    w = Vector::Zero(k * dof);
    double c_sum = 0, r_sum = 0;
    for (Index f = 0; f < n_folds; ++f) {
      Index best_c = 0, best_j = 0;
      double best = -HUGE_VAL;
      bool any = false;
      for (Index c = 0; c < n_cs; ++c)
        for (Index j = 0; j < n_l1; ++j)
          if (!any || s.scores[at(f, c, j)] > best)
            best = s.scores[at(f, c, j)], best_c = c, best_j = j, any = true;
      w += W.row(at(f, best_c, best_j)).transpose();
      c_sum += Cs[best_c];
      r_sum += ratios[static_cast<std::size_t>(best_j)];
    }
    w /= static_cast<double>(n_folds);
    s.C = c_sum / static_cast<double>(n_folds);
    // As scikit-learn: the mean best l1_ratio for elasticnet, else 0 (1 for an explicit 'l1'
    // penalty without l1_ratios).
    s.l1_ratio = pen == "elasticnet" ? r_sum / static_cast<double>(n_folds)
                                     : (none_ratios && params_.penalty == "l1" ? 1.0 : 0.0);
  }
  detail::unpack_logistic(w, k, p, params_.fit_intercept, s.coef, s.intercept);
  // coefs_paths_ rows: per fit, the classes' [w_c, b_c] one after the other.
  s.coefs_paths.resize(n_fits, k * dof);
  for (Index i = 0; i < n_fits; ++i)
    for (Index c = 0; c < k; ++c) {
      for (Index q = 0; q < p; ++q) s.coefs_paths(i, c * dof + q) = W(i, c * p + q);
      if (params_.fit_intercept) s.coefs_paths(i, c * dof + p) = W(i, k * p + c);
    }
  opts.checkpoint(1.0);
  state_ = std::move(s);
  if (!warning.empty()) warn("ConvergenceWarning", warning);
}

Matrix LogisticRegressionCV::decision_function_impl(MatrixView X) const {
  return detail::linear_decision(X, state_.coef, state_.intercept);
}

Matrix LogisticRegressionCV::predict_proba_impl(MatrixView X) const {
  return detail::logistic_proba(decision_function_impl(X), state_.classes.size());
}

Matrix LogisticRegressionCV::predict_impl(MatrixView X) const {
  return detail::labels_from_decision(decision_function_impl(X), state_.classes);
}

namespace {

nlohmann::json array_to_json(std::vector<Index> shape, const double* data, Index size) {
  return {{"shape", shape},
          {"data", mlkit::detail::vector_to_json(Eigen::Map<const Vector>(data, size))}};
}

Vector array_from_json(const nlohmann::json& j, const char* what, const std::vector<Index>& shape,
                       bool allow_nonfinite) {
  const auto& sh = mlkit::detail::field(j, "shape");
  if (!sh.is_array() || sh.size() != shape.size())
    throw ModelFormatError(std::string("model field '") + what + "' has the wrong shape");
  Index size = 1;
  for (std::size_t d = 0; d < shape.size(); ++d) {
    if (!sh[d].is_number_integer() || sh[d].get<Index>() != shape[d])
      throw ModelFormatError(std::string("model field '") + what + "' has the wrong shape");
    size *= shape[d];
  }
  return mlkit::detail::vector_from_json(mlkit::detail::field(j, "data"), what, size,
                                         allow_nonfinite);
}

}  // namespace

void LogisticRegressionCV::save_state(nlohmann::json& j) const {
  const State& s = state_;
  mlkit::detail::save_classes(j, s.classes);
  j["coef_"] = mlkit::detail::matrix_to_json(s.coef);
  j["intercept_"] = mlkit::detail::vector_to_json(s.intercept);
  j["Cs_"] = mlkit::detail::vector_to_json(s.Cs);
  j["l1_ratios_"] = mlkit::detail::vector_to_json(s.l1_ratios);
  j["C_"] = mlkit::detail::number_to_json(s.C);
  j["l1_ratio_"] = mlkit::detail::number_to_json(s.l1_ratio);
  const Index L = s.l1_ratios.size(), C = s.Cs.size(), k = s.coef.rows();
  const Index dof = s.coefs_paths.cols() / std::max<Index>(1, k);
  j["scores_"] = array_to_json({s.n_folds, L, C}, s.scores.data(), s.scores.size());
  j["n_iter_"] = array_to_json({s.n_folds, L, C}, s.n_iter.data(), s.n_iter.size());
  j["coefs_paths_"] =
      array_to_json({s.n_folds, L, C, k, dof}, s.coefs_paths.data(), s.coefs_paths.size());
}

void LogisticRegressionCV::load_state(const nlohmann::json& j, Index nf, Index nt) {
  namespace d = mlkit::detail;
  if (nt != 1) throw ModelFormatError("model field 'n_targets' must be 1 for a classifier");
  State s;
  s.classes = d::load_classes(j);
  const Index k = s.classes.size() == 2 ? 1 : s.classes.size();
  s.coef = d::matrix_from_json(d::field(j, "coef_"), "coef_", k, nf, false);
  s.intercept = d::vector_from_json(d::field(j, "intercept_"), "intercept_", k, false);
  s.Cs = d::vector_from_json(d::field(j, "Cs_"), "Cs_", -1, true);
  s.l1_ratios = d::vector_from_json(d::field(j, "l1_ratios_"), "l1_ratios_", -1, true);
  if (s.Cs.size() == 0 || s.l1_ratios.size() == 0)
    throw ModelFormatError("model fields 'Cs_' and 'l1_ratios_' must not be empty");
  s.C = d::number_from_json(d::field(j, "C_"), "C_");
  s.l1_ratio = d::finite_from_json(d::field(j, "l1_ratio_"), "l1_ratio_", 0, 1);
  const auto& sh = d::field(d::field(j, "scores_"), "shape");
  if (!sh.is_array() || sh.size() != 3 || !sh[0].is_number_integer() || sh[0].get<Index>() < 2 ||
      sh[0].get<Index>() > 1000000)
    throw ModelFormatError("model field 'scores_' has the wrong shape");
  s.n_folds = sh[0].get<Index>();
  const Index L = s.l1_ratios.size(), C = s.Cs.size();
  // The intercept column is there exactly when some intercept is nonzero or the paths say so.
  const auto& psh = d::field(d::field(j, "coefs_paths_"), "shape");
  if (!psh.is_array() || psh.size() != 5 || !psh[4].is_number_integer())
    throw ModelFormatError("model field 'coefs_paths_' has the wrong shape");
  const Index dof = psh[4].get<Index>();
  if (dof != nf && dof != nf + 1)
    throw ModelFormatError("model field 'coefs_paths_' has the wrong shape");
  s.scores = array_from_json(d::field(j, "scores_"), "scores_", {s.n_folds, L, C}, false);
  s.n_iter = array_from_json(d::field(j, "n_iter_"), "n_iter_", {s.n_folds, L, C}, false);
  const Vector paths = array_from_json(d::field(j, "coefs_paths_"), "coefs_paths_",
                                       {s.n_folds, L, C, k, dof}, false);
  s.coefs_paths = Eigen::Map<const Matrix>(paths.data(), s.n_folds * L * C, k * dof);
  state_ = std::move(s);
}

}  // namespace mlkit::linear_model
