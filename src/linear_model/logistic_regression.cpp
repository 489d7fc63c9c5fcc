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

namespace mlkit::linear_model {

namespace {

const ParamTable& table() {
  using P = LogisticRegressionParams;
  static const ParamTable t =
      mlkit::detail::ParamTableBuilder<P>("LogisticRegression")
          .add("penalty", &P::penalty,
               "Deprecated in scikit-learn 1.8: 'l2' (as l1_ratio=0) or None (as C=inf); "
               "'deprecated' leaves the choice to l1_ratio and C. 'l1' and 'elasticnet' need "
               "a solver mlkit does not have yet.",
               {ParamAlternative::string({"deprecated", "l1", "l2", "elasticnet"})})
          .add("C", &P::C, "Inverse of the regularization strength; inf fits without a penalty.",
               {ParamAlternative::real(0, HUGE_VAL, false, true)})
          .add("l1_ratio", &P::l1_ratio,
               "Elastic-net mixing (0 = L2, 1 = L1); the lbfgs solver supports only 0.",
               {ParamAlternative::real(0, 1, true, true)})
          .add("tol", &P::tol,
               "Stop when the largest gradient entry of the objective is at most tol.",
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
          .add("random_state", &P::random_state,
               "Unused by the lbfgs solver, which is deterministic.",
               {ParamAlternative::integer(0)})
          .add("solver", &P::solver, "Optimisation algorithm: 'lbfgs' (L-BFGS-B, as SciPy's).",
               {ParamAlternative::string({"lbfgs"})})
          .add("max_iter", &P::max_iter, "Maximum number of L-BFGS iterations.",
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

Vector intercept_or_zero(const Vector& w, Index offset, Index k, bool fit_intercept) {
  return fit_intercept ? Vector(w.segment(offset, k)) : Vector::Zero(k);
}

}  // namespace

LogisticRegression::LogisticRegression(Params params) : params_(std::move(params)) {}

std::unique_ptr<Estimator> LogisticRegression::clone() const {
  return std::make_unique<LogisticRegression>(params_);
}

const Tags& LogisticRegression::tags() const {
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

const ParamTable& LogisticRegression::param_table() const { return table(); }

void LogisticRegression::validate_params() const {
  if (params_.dual) throw InvalidParameter("Solver lbfgs supports only dual=False, got dual=True");
  const std::string pen = resolved_penalty(params_);
  if (pen == "l1" || pen == "elasticnet")
    throw InvalidParameter("Solver lbfgs supports only 'l2' or None penalties, got " + pen +
                           " penalty.");
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

  const bool penalised = resolved_penalty(params_) != "none";
  const detail::LinearLossProblem pb{
      X, y, sw, k, params_.fit_intercept, penalised ? 1.0 / (params_.C * sw.sum()) : 0.0};
  Vector w0 = Vector::Zero(pb.dim());
  if (params_.warm_start && fitted() && state_.coef.rows() == k && state_.coef.cols() == p) {
    Eigen::Map<Matrix>(w0.data(), k, p) = state_.coef;
    if (params_.fit_intercept) w0.segment(k * p, k) = state_.intercept;
  }

  const Context ctx(params_.n_jobs);  // BLAS single-threaded inside the TBB tasks
  int n_eval = 0;
  const double max_evals = 1.25 * params_.max_iter + 1;
  const detail::Objective objective = [&](const Vector& w, Vector& grad) {
    opts.checkpoint(std::min(0.95, 0.05 + 0.9 * (n_eval++) / max_evals));
    return k == 1 ? detail::linear_loss_gradient(pb, detail::HalfBinomial{}, w, grad)
                  : detail::linear_loss_gradient(pb, detail::HalfMultinomial{}, w, grad);
  };
  detail::LbfgsOptions lo;
  lo.max_iter = params_.max_iter;
  lo.gtol = params_.tol;
  detail::LbfgsResult res;
  ctx.run([&] { res = detail::minimize_lbfgs(objective, w0, lo); });

  State s;
  s.classes = enc.classes;
  s.coef = Eigen::Map<const Matrix>(res.x.data(), k, p);
  s.intercept = intercept_or_zero(res.x, k * p, k, params_.fit_intercept);
  s.n_iter = res.n_iter;
  opts.checkpoint(1.0);
  state_ = std::move(s);
  if (!res.converged)
    warn("ConvergenceWarning", detail::lbfgs_convergence_message(res, params_.max_iter));
}

Matrix LogisticRegression::decision_function_impl(MatrixView X) const {
  return detail::linear_decision(X, state_.coef, state_.intercept);
}

Matrix LogisticRegression::predict_proba_impl(MatrixView X) const {
  const Matrix d = decision_function_impl(X);
  Matrix P(X.rows(), state_.classes.size());
  if (d.cols() == 1) {
    for (Index i = 0; i < X.rows(); ++i) {
      P(i, 1) = detail::expit(d(i, 0));
      P(i, 0) = 1.0 - P(i, 1);
    }
    return P;
  }
  for (Index i = 0; i < X.rows(); ++i) {
    const double m = d.row(i).maxCoeff();
    P.row(i) = (d.row(i).array() - m).exp();
    P.row(i) /= P.row(i).sum();
  }
  return P;
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
