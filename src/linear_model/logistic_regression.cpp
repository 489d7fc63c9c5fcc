#include "mlkit/linear_model/logistic_regression.hpp"

#include <cmath>

#include "mlkit/core/context.hpp"
#include "mlkit/core/errors.hpp"
#include "mlkit/core/warnings.hpp"
#include "src/core/detail/classes.hpp"
#include "src/core/detail/json_io.hpp"
#include "src/core/detail/param_table_builder.hpp"
#include "src/linear_model/detail/lbfgs.hpp"
#include "src/linear_model/detail/linear_loss.hpp"
#include "src/linear_model/detail/linear_predict.hpp"
#include "src/linear_model/detail/logistic_fit.hpp"
#include "src/linear_model/detail/prox_newton.hpp"

namespace mlkit::linear_model {

namespace {

const ParamTable& table() {
  using P = LogisticRegressionParams;
  static const ParamTable t =
      mlkit::detail::ParamTableBuilder<P>("LogisticRegression")
          .add("penalty", &P::penalty,
               "Deprecated in scikit-learn 1.8: 'l2' (as l1_ratio=0) or None (as C=inf); "
               "'deprecated' leaves the choice to l1_ratio and C. 'l1' and 'elasticnet' need "
               "solver='saga'.",
               {ParamAlternative::string({"deprecated", "l1", "l2", "elasticnet"})})
          .add("C", &P::C, "Inverse of the regularization strength; inf fits without a penalty.",
               {ParamAlternative::real(0, HUGE_VAL, false, true)})
          .add("l1_ratio", &P::l1_ratio,
               "Elastic-net mixing (0 = L2, 1 = L1); the lbfgs solver supports only 0, saga any.",
               {ParamAlternative::real(0, 1, true, true)})
          .add("tol", &P::tol,
               "Stop when the largest gradient entry of the objective (for saga: of its "
               "minimum-norm subgradient) is at most tol.",
               {ParamAlternative::real(0, HUGE_VAL, true, false)})
          .add("fit_intercept", &P::fit_intercept, "Whether to fit an intercept per class.")
          .add("dual", &P::dual, "Dual formulation (liblinear only); must be False.")
          .add("intercept_scaling", &P::intercept_scaling,
               "Used by the liblinear solver only; kept for scikit-learn compatibility.",
               {ParamAlternative::real(0, HUGE_VAL, false, false)})
          .add("class_weight", &P::class_weight,
               "None (all classes weigh 1), 'balanced' (n_samples / (n_classes * count)) or a "
               "dict {label: weight} (others 1).",
               {ParamAlternative::string({"balanced"}), ParamAlternative::real_dict()})
          .add("random_state", &P::random_state, "Unused: both solvers are deterministic.",
               {ParamAlternative::integer(0)})
          .add("solver", &P::solver,
               "Optimisation algorithm: 'lbfgs' (L-BFGS-B, as SciPy's; L2 or no penalty) or "
               "'saga' (any l1_ratio). mlkit answers 'saga' with a deterministic proximal "
               "Newton coordinate descent (newGLMNET) that reaches the same minimiser as "
               "scikit-learn's stochastic SAGA, in far fewer passes over X.",
               {ParamAlternative::string({"lbfgs", "saga"})})
          .add("max_iter", &P::max_iter,
               "Maximum number of iterations: L-BFGS iterations, or saga's outer Newton steps.",
               {ParamAlternative::integer(0)})
          .add("verbose", &P::verbose, "Kept for scikit-learn compatibility; mlkit prints nothing.",
               {ParamAlternative::integer(0)})
          .add("warm_start", &P::warm_start,
               "Start from the previous fit's coefficients when their shape matches.")
          .add("n_jobs", &P::n_jobs,
               "Threads for the loss evaluation: None for the process default, -1 for all "
               "cores.",
               {ParamAlternative::integer()})
          .build();
  return t;
}

// The penalty scikit-learn 1.8+ derives from penalty, l1_ratio and C: "l2", "l1",
// "elasticnet" or "none".
std::string resolved_penalty(const LogisticRegressionParams& p) {
  if (!p.penalty) return "none";
  if (*p.penalty != "deprecated") return *p.penalty;
  if (std::isinf(p.C)) return "none";
  const double r = p.l1_ratio.value_or(0.0);
  return r == 0 ? "l2" : r == 1 ? "l1" : "elasticnet";
}

}  // namespace

LogisticRegression::LogisticRegression(Params params) : params_(std::move(params)) {}

std::unique_ptr<Estimator> LogisticRegression::clone() const {
  return std::make_unique<LogisticRegression>(params_);
}

const Tags& LogisticRegression::tags() const { return detail::logistic_tags(); }

const ParamTable& LogisticRegression::param_table() const { return table(); }

void LogisticRegression::validate_params() const {
  const std::string& solver = params_.solver;
  if (params_.dual)
    throw InvalidParameter("Solver " + solver + " supports only dual=False, got dual=True");
  const std::string pen = resolved_penalty(params_);
  if (solver == "lbfgs" && (pen == "l1" || pen == "elasticnet"))
    throw InvalidParameter("Solver lbfgs supports only 'l2' or None penalties, got " + pen +
                           " penalty.");
  if (pen == "elasticnet" && !params_.l1_ratio)
    throw InvalidParameter("l1_ratio must be specified when penalty is elasticnet.");
}

const Vector& LogisticRegression::classes() const {
  check_fitted();
  return state_.classes;
}
const Matrix& LogisticRegression::coef() const {
  check_fitted();
  return state_.coef;
}
const Vector& LogisticRegression::intercept() const {
  check_fitted();
  return state_.intercept;
}
int LogisticRegression::n_iter() const {
  check_fitted();
  return state_.n_iter;
}

namespace detail {

LogisticFit fit_logistic(MatrixView X, const Vector& codes, const Vector& sw,
                         const LogisticSetup& setup, Vector w0,
                         const std::function<void(double)>& checkpoint) {
  const Index k = setup.n_out;
  const double strength = std::isinf(setup.C) ? 0.0 : 1.0 / (setup.C * sw.sum());
  const double r = setup.l1_ratio;
  const LinearLossProblem pb{X, codes, sw, k, setup.fit_intercept, (1 - r) * strength};
  LogisticFit out;
  if (setup.solver == "saga") {
    ProxNewtonOptions po;
    po.l1 = r * strength;
    po.max_iter = setup.max_iter;
    po.tol = setup.tol;
    ProxNewtonResult res = minimize_prox_newton(pb, std::move(w0), po, checkpoint);
    out.w = std::move(res.x);
    out.n_iter = res.n_iter;
    out.converged = res.converged;
    if (!res.converged)
      out.warning = "The max_iter was reached which means the coef_ did not converge (" +
                    std::to_string(setup.max_iter) + " proximal Newton iterations).";
    return out;
  }
  int n_eval = 0;
  const double max_evals = 1.25 * setup.max_iter + 1;
  const Objective objective = [&](const Vector& w, Vector& grad) {
    checkpoint(std::min(0.95, 0.05 + 0.9 * (n_eval++) / max_evals));
    return k == 1 ? linear_loss_gradient(pb, HalfBinomial{}, w, grad)
                  : linear_loss_gradient(pb, HalfMultinomial{}, w, grad);
  };
  LbfgsOptions lo;
  lo.max_iter = setup.max_iter;
  lo.gtol = setup.tol;
  LbfgsResult res = minimize_lbfgs(objective, std::move(w0), lo);
  out.w = std::move(res.x);
  out.n_iter = res.n_iter;
  out.converged = res.converged;
  if (!res.converged) out.warning = lbfgs_convergence_message(res, setup.max_iter);
  return out;
}

void unpack_logistic(const Vector& w, Index k, Index p, bool fit_intercept, Matrix& coef,
                     Vector& intercept) {
  coef = Eigen::Map<const Matrix>(w.data(), k, p);
  intercept = fit_intercept ? Vector(w.segment(k * p, k)) : Vector::Zero(k);
}

const Tags& logistic_tags() {
  static const Tags t = [] {
    Tags t;
    t.kind = Tags::Kind::Classifier;
    t.supports_sample_weight = true;
    t.has_predict = true;
    t.has_predict_proba = true;
    t.has_decision_function = true;
    return t;
  }();
  return t;
}

Matrix logistic_proba(const Matrix& d, Index n_classes) {
  Matrix P(d.rows(), n_classes);
  for (Index i = 0; i < d.rows(); ++i) {
    if (d.cols() == 1) {
      P(i, 1) = expit(d(i, 0));
      P(i, 0) = 1.0 - P(i, 1);
    } else {
      const double m = d.row(i).maxCoeff();
      P.row(i) = (d.row(i).array() - m).exp();
      P.row(i) /= P.row(i).sum();
    }
  }
  return P;
}

}  // namespace detail

void LogisticRegression::fit_impl(MatrixView X, MatrixView Y, const FitOptions& opts) {
  const mlkit::detail::ClassEncoding enc = mlkit::detail::encode_classes(Y.col(0));
  mlkit::detail::require_two_classes(enc);
  const Vector cw = mlkit::detail::class_weights(params_.class_weight, enc, opts.sample_weight);
  const Vector sw = mlkit::detail::weighted_samples(enc, cw, opts.sample_weight);
  const Index n_classes = enc.n_classes();
  const Index k = n_classes == 2 ? 1 : n_classes;
  const Index p = X.cols();
  Vector y(X.rows());
  for (Index i = 0; i < X.rows(); ++i)
    y[i] = static_cast<double>(enc.codes[static_cast<std::size_t>(i)]);

  const std::string pen = resolved_penalty(params_);
  detail::LogisticSetup setup;
  setup.n_out = k;
  setup.fit_intercept = params_.fit_intercept;
  setup.C = pen == "none" ? HUGE_VAL : params_.C;
  setup.l1_ratio = pen == "l1" ? 1.0 : pen == "elasticnet" ? *params_.l1_ratio : 0.0;
  setup.solver = params_.solver;
  setup.tol = params_.tol;
  setup.max_iter = params_.max_iter;
  Vector w0 = Vector::Zero(k * (p + (params_.fit_intercept ? 1 : 0)));
  if (params_.warm_start && fitted() && state_.coef.rows() == k && state_.coef.cols() == p) {
    Eigen::Map<Matrix>(w0.data(), k, p) = state_.coef;
    if (params_.fit_intercept) w0.segment(k * p, k) = state_.intercept;
  }

  const Context ctx(params_.n_jobs);  // BLAS single-threaded inside the TBB tasks
  detail::LogisticFit res;
  ctx.run([&] {
    res =
        detail::fit_logistic(X, y, sw, setup, std::move(w0), [&](double f) { opts.checkpoint(f); });
  });
  opts.checkpoint(1.0);  // before the state changes: a cancelled fit keeps the old model
  store(res.w, enc.classes, k, p, res.n_iter);
  if (!res.converged) warn("ConvergenceWarning", res.warning);
}

void LogisticRegression::store(const Vector& w, const Vector& classes, Index k, Index p,
                               int n_iter) {
  State s;
  s.classes = classes;
  detail::unpack_logistic(w, k, p, params_.fit_intercept, s.coef, s.intercept);
  s.n_iter = n_iter;
  state_ = std::move(s);
}

Matrix LogisticRegression::decision_function_impl(MatrixView X) const {
  return detail::linear_decision(X, state_.coef, state_.intercept);
}

Matrix LogisticRegression::predict_proba_impl(MatrixView X) const {
  return detail::logistic_proba(decision_function_impl(X), state_.classes.size());
}

Matrix LogisticRegression::predict_impl(MatrixView X) const {
  return detail::labels_from_decision(decision_function_impl(X), state_.classes);
}

void LogisticRegression::save_state(nlohmann::json& j) const {
  mlkit::detail::save_classes(j, state_.classes);
  j["coef_"] = mlkit::detail::matrix_to_json(state_.coef);
  j["intercept_"] = mlkit::detail::vector_to_json(state_.intercept);
  j["n_iter_"] = mlkit::detail::vector_to_json(Vector::Constant(1, state_.n_iter));
}

void LogisticRegression::load_state(const nlohmann::json& j, Index nf, Index nt) {
  if (nt != 1) throw ModelFormatError("model field 'n_targets' must be 1 for a classifier");
  State s;
  s.classes = mlkit::detail::load_classes(j);
  const Index k = s.classes.size() == 2 ? 1 : s.classes.size();
  s.coef = mlkit::detail::matrix_from_json(mlkit::detail::field(j, "coef_"), "coef_", k, nf, false);
  s.intercept = mlkit::detail::vector_from_json(mlkit::detail::field(j, "intercept_"), "intercept_",
                                                k, false);
  const Vector it =
      mlkit::detail::vector_from_json(mlkit::detail::field(j, "n_iter_"), "n_iter_", 1, false);
  if (!(it[0] >= 0) || it[0] != std::floor(it[0]) || it[0] > 2147483647.0)
    throw ModelFormatError("model field 'n_iter_' must hold a count");
  s.n_iter = static_cast<int>(it[0]);
  state_ = std::move(s);
}

}  // namespace mlkit::linear_model
