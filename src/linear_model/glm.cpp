#include "mlkit/linear_model/glm.hpp"

#include <cmath>

#include "mlkit/core/context.hpp"
#include "mlkit/core/errors.hpp"
#include "mlkit/core/warnings.hpp"
#include "src/core/detail/json_io.hpp"
#include "src/core/detail/param_table_builder.hpp"
#include "src/linear_model/detail/lbfgs.hpp"
#include "src/linear_model/detail/linear_loss.hpp"

namespace mlkit::linear_model {

namespace {

template <class P>
mlkit::detail::ParamTableBuilder<P>& common_params(mlkit::detail::ParamTableBuilder<P>& b) {
  return b
      .add("alpha", &P::alpha,
           "Strength of the L2 penalty alpha / 2 ||w||² (the intercept is not penalised).",
           {ParamAlternative::real(0, HUGE_VAL, true, false)})
      .add("fit_intercept", &P::fit_intercept, "Whether to fit an intercept.")
      .add("solver", &P::solver, "Optimisation algorithm: 'lbfgs' (L-BFGS-B, as SciPy's).",
           {ParamAlternative::string({"lbfgs"})})
      .add("max_iter", &P::max_iter, "Maximum number of L-BFGS iterations.",
           {ParamAlternative::integer(1)})
      .add("tol", &P::tol, "Stop when the largest gradient entry of the objective is at most tol.",
           {ParamAlternative::real(0, HUGE_VAL, false, false)})
      .add("warm_start", &P::warm_start,
           "Start from the previous fit's coefficients when their shape matches.")
      .add("verbose", &P::verbose, "Kept for scikit-learn compatibility; mlkit prints nothing.",
           {ParamAlternative::integer(0)});
}

const ParamTable& glm_table(const char* owner) {
  mlkit::detail::ParamTableBuilder<GlmParams> b(owner);
  return *new ParamTable(common_params(b).build());  // one per class, built once, never freed
}

const ParamTable& tweedie_table() {
  using P = TweedieRegressorParams;
  static const ParamTable t = [] {
    mlkit::detail::ParamTableBuilder<P> b("TweedieRegressor");
    b.add("power", &P::power,
          "Power of the Tweedie deviance: 0 normal, 1 Poisson, (1, 2) compound Poisson-Gamma, "
          "2 Gamma, 3 inverse Gaussian.",
          {ParamAlternative::real()});
    common_params(b);
    b.add("link", &P::link,
          "Link function: 'auto' (identity for power <= 0, else log), "
          "'identity' or 'log'.",
          {ParamAlternative::string({"auto", "identity", "log"})});
    return b.build();
  }();
  return t;
}

Tags glm_tags(bool positive) {
  Tags t;
  t.kind = Tags::Kind::Regressor;
  t.supports_sample_weight = true;
  t.has_predict = true;
  t.positive_y = positive;
  t.per_target_state = {"coef_", "intercept_"};
  return t;
}

// scikit-learn's name of the loss, for the out-of-range message.
std::string loss_name(double power, bool log_link) {
  if (log_link)
    return power == 1 ? "HalfPoissonLoss" : power == 2 ? "HalfGammaLoss" : "HalfTweedieLoss";
  return "HalfTweedieLossIdentity";
}

}  // namespace

const Matrix& GeneralizedLinearRegressor::coef() const {
  check_fitted();
  return state_.coef;
}
const Vector& GeneralizedLinearRegressor::intercept() const {
  check_fitted();
  return state_.intercept;
}
int GeneralizedLinearRegressor::n_iter() const {
  check_fitted();
  return state_.n_iter;
}

void GeneralizedLinearRegressor::fit_impl(MatrixView X, MatrixView Y, const FitOptions& opts) {
  const double pw = power();
  const bool log = log_link();
  const Common c = common();
  const Vector y = Y.col(0);
  // The range of y the deviance is defined on (scikit-learn's interval_y_true).
  const bool ok = pw <= 0 ? true : pw < 2 ? (y.array() >= 0).all() : (y.array() > 0).all();
  if (!ok)
    throw InvalidInput("Some value(s) of y are out of the valid range of the loss '" +
                       loss_name(pw, log) + "'.");
  const Vector sw = opts.sample_weight.size() ? opts.sample_weight : Vector::Ones(X.rows());
  const Index p = X.cols();
  const detail::LinearLossProblem pb{X, y, sw, 1, c.fit_intercept, c.alpha};
  Vector w0 = Vector::Zero(pb.dim());
  if (c.warm_start && fitted() && state_.coef.cols() == p) {
    w0.head(p) = state_.coef.row(0).transpose();
    if (c.fit_intercept) w0[p] = state_.intercept[0];
  } else if (c.fit_intercept) {
    // Start from the intercept-only model: link(weighted mean of y), as scikit-learn.
    const double mean = sw.dot(y) / sw.sum();
    w0[p] = log ? std::log(mean) : mean;
    if (!std::isfinite(w0[p])) w0[p] = 0;
  }
  const detail::HalfTweedie loss{pw, log};
  const Context ctx(std::nullopt);
  int n_eval = 0;
  const double max_evals = 1.25 * c.max_iter + 1;
  const detail::Objective objective = [&](const Vector& w, Vector& grad) {
    opts.checkpoint(std::min(0.95, 0.05 + 0.9 * (n_eval++) / max_evals));
    return detail::linear_loss_gradient(pb, loss, w, grad);
  };
  detail::LbfgsOptions lo;
  lo.max_iter = c.max_iter;
  lo.gtol = c.tol;
  detail::LbfgsResult res;
  ctx.run([&] { res = detail::minimize_lbfgs(objective, w0, lo); });
  State s;
  s.coef = res.x.head(p).transpose();
  s.intercept = Vector::Constant(1, c.fit_intercept ? res.x[p] : 0.0);
  s.n_iter = res.n_iter;
  opts.checkpoint(1.0);
  state_ = std::move(s);
  if (!res.converged)
    warn("ConvergenceWarning", detail::lbfgs_convergence_message(res, c.max_iter));
}

Matrix GeneralizedLinearRegressor::predict_impl(MatrixView X) const {
  Matrix out = X * state_.coef.transpose();
  out.array() += state_.intercept[0];
  if (log_link()) out = out.array().exp().matrix();
  return out;
}

void GeneralizedLinearRegressor::save_state(nlohmann::json& j) const {
  j["coef_"] = mlkit::detail::matrix_to_json(state_.coef);
  j["intercept_"] = mlkit::detail::vector_to_json(state_.intercept);
  j["n_iter_"] = state_.n_iter;
}

void GeneralizedLinearRegressor::load_state(const nlohmann::json& j, Index nf, Index nt) {
  if (nt != 1)
    throw ModelFormatError("model field 'n_targets' must be 1 for " + std::string(class_name()));
  State s;
  s.coef = mlkit::detail::matrix_from_json(mlkit::detail::field(j, "coef_"), "coef_", 1, nf, false);
  s.intercept = mlkit::detail::vector_from_json(mlkit::detail::field(j, "intercept_"), "intercept_",
                                                1, false);
  const auto& it = mlkit::detail::field(j, "n_iter_");
  if (!it.is_number_integer() || it.get<std::int64_t>() < 0 || it.get<std::int64_t>() > 2147483647)
    throw ModelFormatError("model field 'n_iter_' must be a count");
  s.n_iter = it.get<int>();
  state_ = std::move(s);
}

PoissonRegressor::PoissonRegressor(Params params) : params_(std::move(params)) {}
std::unique_ptr<Estimator> PoissonRegressor::clone() const {
  return std::make_unique<PoissonRegressor>(params_);
}
const ParamTable& PoissonRegressor::param_table() const {
  static const ParamTable& t = glm_table("PoissonRegressor");
  return t;
}
const Tags& PoissonRegressor::tags() const {
  static const Tags t = glm_tags(true);
  return t;
}
GeneralizedLinearRegressor::Common PoissonRegressor::common() const {
  return {params_.alpha, params_.fit_intercept, params_.max_iter, params_.tol, params_.warm_start};
}

GammaRegressor::GammaRegressor(Params params) : params_(std::move(params)) {}
std::unique_ptr<Estimator> GammaRegressor::clone() const {
  return std::make_unique<GammaRegressor>(params_);
}
const ParamTable& GammaRegressor::param_table() const {
  static const ParamTable& t = glm_table("GammaRegressor");
  return t;
}
const Tags& GammaRegressor::tags() const {
  static const Tags t = glm_tags(true);
  return t;
}
GeneralizedLinearRegressor::Common GammaRegressor::common() const {
  return {params_.alpha, params_.fit_intercept, params_.max_iter, params_.tol, params_.warm_start};
}

TweedieRegressor::TweedieRegressor(Params params) : params_(std::move(params)) {}
std::unique_ptr<Estimator> TweedieRegressor::clone() const {
  return std::make_unique<TweedieRegressor>(params_);
}
const ParamTable& TweedieRegressor::param_table() const { return tweedie_table(); }
const Tags& TweedieRegressor::tags() const {
  // The default power 0 takes any target, as scikit-learn's tags say for it.
  static const Tags t = glm_tags(false);
  return t;
}
bool TweedieRegressor::log_link() const {
  return params_.link == "log" || (params_.link == "auto" && params_.power > 0);
}
GeneralizedLinearRegressor::Common TweedieRegressor::common() const {
  return {params_.alpha, params_.fit_intercept, params_.max_iter, params_.tol, params_.warm_start};
}

}  // namespace mlkit::linear_model
