#include "mlkit/linear_model/huber_regressor.hpp"

#include <cmath>
#include <limits>

#include "mlkit/core/context.hpp"
#include "mlkit/core/errors.hpp"
#include "mlkit/core/warnings.hpp"
#include "src/core/detail/json_io.hpp"
#include "src/core/detail/param_table_builder.hpp"
#include "src/linear_model/detail/lbfgs.hpp"
#include "src/linear_model/detail/row_blocks.hpp"

namespace mlkit::linear_model {

namespace {

const ParamTable& table() {
  using P = HuberRegressorParams;
  static const ParamTable t =
      mlkit::detail::ParamTableBuilder<P>("HuberRegressor")
          .add("epsilon", &P::epsilon,
               "Residuals (in units of the scale) above epsilon count as outliers.",
               {ParamAlternative::real(1, HUGE_VAL, true, false)})
          .add("max_iter", &P::max_iter, "Maximum number of L-BFGS-B iterations.",
               {ParamAlternative::integer(0)})
          .add("alpha", &P::alpha, "Strength of the penalty alpha ||w||².",
               {ParamAlternative::real(0, HUGE_VAL, true, false)})
          .add("warm_start", &P::warm_start,
               "Start from the previous fit's coefficients and scale when their shape matches.")
          .add("fit_intercept", &P::fit_intercept, "Whether to fit an intercept.")
          .add("tol", &P::tol, "Stop when the largest projected-gradient entry is at most tol.",
               {ParamAlternative::real(0, HUGE_VAL, true, false)})
          .build();
  return t;
}

}  // namespace

HuberRegressor::HuberRegressor(Params params) : params_(std::move(params)) {}

std::unique_ptr<Estimator> HuberRegressor::clone() const {
  return std::make_unique<HuberRegressor>(params_);
}

const Tags& HuberRegressor::tags() const {
  static const Tags t = [] {
    Tags t;
    t.kind = Tags::Kind::Regressor;
    t.supports_sample_weight = true;
    t.has_predict = true;
    t.per_target_state = {"coef_", "intercept_"};
    return t;
  }();
  return t;
}

const ParamTable& HuberRegressor::param_table() const { return table(); }

const Matrix& HuberRegressor::coef() const {
  check_fitted();
  return state_.coef;
}
const Vector& HuberRegressor::intercept() const {
  check_fitted();
  return state_.intercept;
}
double HuberRegressor::scale() const {
  check_fitted();
  return state_.scale;
}
const Vector& HuberRegressor::outliers() const {
  check_fitted();
  return state_.outliers;
}
int HuberRegressor::n_iter() const {
  check_fitted();
  return state_.n_iter;
}

void HuberRegressor::fit_impl(MatrixView X, MatrixView Y, const FitOptions& opts) {
  const Index p = X.cols();
  const bool fi = params_.fit_intercept;
  const double eps = params_.epsilon, alpha = params_.alpha;
  const Vector y = Y.col(0);
  const Vector sw = opts.sample_weight.size() ? opts.sample_weight : Vector::Ones(X.rows());
  const double sw_sum = sw.sum();
  // Parameters [w (p), c (when fitted), sigma], as scikit-learn's.
  const Index dim = p + (fi ? 2 : 1);
  Vector w0 = Vector::Zero(dim);
  w0[dim - 1] = 1.0;
  if (params_.warm_start && fitted() && state_.coef.cols() == p) {
    w0.head(p) = state_.coef.row(0).transpose();
    if (fi) w0[p] = state_.intercept[0];
    w0[dim - 1] = state_.scale;
  }
  int n_eval = 0;
  const double max_evals = 1.25 * params_.max_iter + 1;
  // Block sums: [X' d (p), sum d, sum_inliers s r², sum_outliers s]; value sum_outliers s |r|.
  const detail::Objective objective = [&](const Vector& w, Vector& grad) {
    opts.checkpoint(std::min(0.95, 0.05 + 0.9 * (n_eval++) / max_evals));
    const auto coef = w.head(p);
    const double c = fi ? w[p] : 0.0, sigma = w[dim - 1];
    Vector sums;
    const double out_abs = detail::sum_row_blocks(
        X.rows(), p + 3, sums, [&](Index begin, Index end, double& value, auto g) {
          const Index m = end - begin;
          const auto Xb = X.middleRows(begin, m);
          Vector r = y.segment(begin, m) - Xb * coef;
          r.array() -= c;
          Vector d(m);
          double v = 0, sq = 0, n_out = 0;
          for (Index i = 0; i < m; ++i) {
            const double s = sw[begin + i], a = std::abs(r[i]);
            if (a > eps * sigma) {
              v += s * a;
              n_out += s;
              d[i] = -2.0 * eps * s * (r[i] < 0 ? -1.0 : 1.0);
            } else {
              sq += s * r[i] * r[i];
              d[i] = -2.0 / sigma * s * r[i];
            }
          }
          value = v;
          g.head(p).noalias() += Xb.transpose() * d;
          g[p] += d.sum();
          g[p + 1] += sq;
          g[p + 2] += n_out;
        });
    const double sq = sums[p + 1], n_out = sums[p + 2];
    grad.resize(dim);
    grad.head(p) = sums.head(p) + 2.0 * alpha * coef;
    if (fi) grad[p] = sums[p];
    grad[dim - 1] = sw_sum - n_out * eps * eps - sq / (sigma * sigma);
    return sw_sum * sigma + sq / sigma + 2.0 * eps * out_abs - sigma * n_out * eps * eps +
           alpha * coef.squaredNorm();
  };
  // sigma >= 10 eps_machine, the bound scikit-learn gives L-BFGS-B.
  Vector lower = Vector::Constant(dim, -HUGE_VAL);
  lower[dim - 1] = 10 * std::numeric_limits<double>::epsilon();
  detail::LbfgsOptions lo;
  lo.max_iter = params_.max_iter;
  lo.gtol = params_.tol;
  lo.ftol = 2.2204460492503131e-09;  // SciPy's default, which scikit-learn keeps here
  lo.max_linesearch = 20;
  const Context ctx(std::nullopt);
  detail::LbfgsResult res;
  ctx.run([&] { res = detail::minimize_lbfgs(objective, w0, lo, lower); });
  if (res.status == "ABNORMAL_TERMINATION_IN_LNSRCH")
    throw InvalidInput(
        "HuberRegressor convergence failed: l-BFGS-b solver terminated with "
        "ABNORMAL_TERMINATION_IN_LNSRCH");
  State s;
  s.coef = res.x.head(p).transpose();
  s.intercept = Vector::Constant(1, fi ? res.x[p] : 0.0);
  s.scale = res.x[dim - 1];
  const Vector resid = ((y - X * res.x.head(p)).array() - s.intercept[0]).abs();
  s.outliers = (resid.array() > s.scale * eps).cast<double>();
  s.n_iter = res.n_iter;
  opts.checkpoint(1.0);
  state_ = std::move(s);
  if (!res.converged)
    warn("ConvergenceWarning", detail::lbfgs_convergence_message(res, params_.max_iter));
}

Matrix HuberRegressor::predict_impl(MatrixView X) const {
  Matrix out = X * state_.coef.transpose();
  out.array() += state_.intercept[0];
  return out;
}

void HuberRegressor::save_state(nlohmann::json& j) const {
  j["coef_"] = mlkit::detail::matrix_to_json(state_.coef);
  j["intercept_"] = mlkit::detail::vector_to_json(state_.intercept);
  j["scale_"] = state_.scale;
  j["outliers_"] = mlkit::detail::vector_to_json(state_.outliers);
  j["n_iter_"] = state_.n_iter;
}

void HuberRegressor::load_state(const nlohmann::json& j, Index nf, Index nt) {
  if (nt != 1) throw ModelFormatError("model field 'n_targets' must be 1 for HuberRegressor");
  State s;
  s.coef = mlkit::detail::matrix_from_json(mlkit::detail::field(j, "coef_"), "coef_", 1, nf, false);
  s.intercept = mlkit::detail::vector_from_json(mlkit::detail::field(j, "intercept_"), "intercept_",
                                                1, false);
  const auto& sc = mlkit::detail::field(j, "scale_");
  if (!sc.is_number() || !(sc.get<double>() > 0) || !std::isfinite(sc.get<double>()))
    throw ModelFormatError("model field 'scale_' must be a positive number");
  s.scale = sc.get<double>();
  const auto& o = mlkit::detail::field(j, "outliers_");
  if (!o.is_array()) throw ModelFormatError("model field 'outliers_' must be an array");
  s.outliers = mlkit::detail::vector_from_json(o, "outliers_", static_cast<Index>(o.size()), false);
  for (Index i = 0; i < s.outliers.size(); ++i)
    if (s.outliers[i] != 0 && s.outliers[i] != 1)
      throw ModelFormatError("model field 'outliers_' must hold 0 or 1");
  const auto& it = mlkit::detail::field(j, "n_iter_");
  if (!it.is_number_integer() || it.get<std::int64_t>() < 0 || it.get<std::int64_t>() > 2147483647)
    throw ModelFormatError("model field 'n_iter_' must be a count");
  s.n_iter = it.get<int>();
  state_ = std::move(s);
}

}  // namespace mlkit::linear_model
