#include "mlkit/linear_model/bayesian_ridge.hpp"

#include <Eigen/Eigenvalues>
#include <Eigen/SVD>
#include <cmath>
#include <limits>
#include <numbers>
#include <vector>

#include "mlkit/core/context.hpp"
#include "mlkit/core/errors.hpp"
#include "src/core/detail/json_io.hpp"
#include "src/core/detail/param_table_builder.hpp"
#include "src/linear_model/detail/gram.hpp"
#include "src/linear_model/detail/ridge_common.hpp"

namespace mlkit::linear_model {

namespace {

using ColMatrix = Eigen::MatrixXd;

const ParamTable& table() {
  using P = BayesianRidgeParams;
  const auto nonneg = ParamAlternative::real(0, HUGE_VAL, true, false);
  static const ParamTable t =
      mlkit::detail::ParamTableBuilder<P>("BayesianRidge")
          .add("max_iter", &P::max_iter, "Maximum number of iterations.",
               {ParamAlternative::integer(1)})
          .add("tol", &P::tol, "Stop when the coefficients change by less than tol (L1 norm).",
               {ParamAlternative::real(0, HUGE_VAL, false, false)})
          .add("alpha_1", &P::alpha_1, "Shape of the Gamma prior over alpha.", {nonneg})
          .add("alpha_2", &P::alpha_2, "Inverse scale (rate) of the Gamma prior over alpha.",
               {nonneg})
          .add("lambda_1", &P::lambda_1, "Shape of the Gamma prior over lambda.", {nonneg})
          .add("lambda_2", &P::lambda_2, "Inverse scale (rate) of the Gamma prior over lambda.",
               {nonneg})
          .add("alpha_init", &P::alpha_init,
               "Initial noise precision; None for 1 / (Var(y) + eps).", {nonneg})
          .add("lambda_init", &P::lambda_init, "Initial weight precision; None for 1.", {nonneg})
          .add("compute_score", &P::compute_score,
               "Record the log marginal likelihood of each iteration in scores_.")
          .add("fit_intercept", &P::fit_intercept,
               "Whether to fit an intercept; if false the data are expected to be centred.")
          .add("copy_X", &P::copy_X,
               "Kept for scikit-learn compatibility; mlkit never modifies the caller's X.")
          .add("verbose", &P::verbose, "Kept for scikit-learn compatibility; mlkit prints nothing.")
          .build();
  return t;
}

const Tags& regressor_tags() {
  static const Tags t = [] {
    Tags t;
    t.kind = Tags::Kind::Regressor;
    t.supports_sample_weight = true;
    t.has_predict = true;
    return t;
  }();
  return t;
}

// One decomposition of the centred, weighted problem: X̃ = U diag(√ev) Vᵀ, with the pieces the
// fixed-point iteration needs. For n > p it comes from X̃ᵀX̃ = V diag(ev) Vᵀ and the sum of
// squared errors from ‖ỹ‖² − 2 bᵀX̃ᵀỹ + bᵀX̃ᵀX̃b; otherwise from the thin SVD of X̃ (scikit-learn's
// route), with the errors from the residual.
struct Problem {
  Index n = 0, p = 0;
  bool primal = true;  // n > p
  Vector ev;           // squared singular values, min(n, p) of them
  ColMatrix V;         // p × p (primal) or the full right singular vectors, p × p
  ColMatrix U;         // n × n (dual only)
  ColMatrix X;         // the centred, weighted X (dual only)
  Vector y;            // the centred, weighted y (dual only)
  ColMatrix G;         // X̃ᵀX̃ (primal only)
  Vector Xty;          // X̃ᵀỹ
  double yy = 0;       // ‖ỹ‖²
  Vector x_offset;
  double y_offset = 0;

  // Posterior mean for the ratio r = lambda / alpha, and its sum of squared errors.
  Vector coef(double r, double& sse) const {
    Vector b;
    if (primal) {
      const Index k = ev.size();
      b = V * ((V.transpose() * Xty).array() / (ev.array() + r)).matrix();
      (void)k;
      sse = std::max(0.0, yy - 2.0 * b.dot(Xty) + b.dot(G * b));
    } else {
      b = X.transpose() * (U * ((U.transpose() * y).array() / (ev.array() + r)).matrix());
      sse = (y - X * b).squaredNorm();
    }
    return b;
  }
};

}  // namespace

BayesianRidge::BayesianRidge(Params params) : params_(std::move(params)) {}

std::unique_ptr<Estimator> BayesianRidge::clone() const {
  return std::make_unique<BayesianRidge>(params_);
}

const Tags& BayesianRidge::tags() const { return regressor_tags(); }

const ParamTable& BayesianRidge::param_table() const { return table(); }

const Vector& BayesianRidge::coef() const {
  check_fitted();
  return state_.coef;
}
double BayesianRidge::intercept() const {
  check_fitted();
  return state_.intercept;
}
double BayesianRidge::alpha() const {
  check_fitted();
  return state_.alpha;
}
double BayesianRidge::lambda() const {
  check_fitted();
  return state_.lambda;
}
const Matrix& BayesianRidge::sigma() const {
  check_fitted();
  return state_.sigma;
}
const Vector& BayesianRidge::scores() const {
  check_fitted();
  return state_.scores;
}
Index BayesianRidge::n_iter() const {
  check_fitted();
  return state_.n_iter;
}

void BayesianRidge::fit_impl(MatrixView X, MatrixView Y, const FitOptions& opts) {
  const Index n = X.rows(), p = X.cols();
  const Vector& w = opts.sample_weight;
  const bool weighted = w.size() > 0;
  const double sw_sum = weighted ? w.sum() : static_cast<double>(n);
  // Variance of the raw target (weighted when there are weights), for alpha's start.
  double y_var = 0;
  {
    const Vector y = Y.col(0);
    const double mean = weighted ? w.dot(y) / sw_sum : y.mean();
    const Vector d = y.array() - mean;
    y_var = weighted ? w.dot(d.cwiseAbs2()) / sw_sum : d.squaredNorm() / static_cast<double>(n);
  }
  Problem pb;
  pb.n = n;
  pb.p = p;
  pb.primal = n > p;
  if (pb.primal) {
    const Context ctx(std::nullopt);
    detail::CenteredGram g;
    ctx.run([&] { g = detail::centered_gram(X, Y, w, params_.fit_intercept); });
    const Eigen::SelfAdjointEigenSolver<ColMatrix> eig(g.G);
    // Descending, as singular values; negative rounding of a zero eigenvalue is clipped.
    pb.ev = eig.eigenvalues().reverse().cwiseMax(0.0);
    pb.V = eig.eigenvectors().rowwise().reverse();
    pb.G = std::move(g.G);
    pb.Xty = g.XtY.col(0);
    pb.yy = g.y_sq[0];
    pb.x_offset = g.x_offset;
    pb.y_offset = g.y_offset[0];
  } else {
    const detail::RidgeData d = detail::ridge_data(X, Y, w, params_.fit_intercept);
    const Eigen::BDCSVD<ColMatrix> svd(d.X, Eigen::ComputeFullU | Eigen::ComputeFullV);
    pb.ev = svd.singularValues().cwiseAbs2();
    pb.U = svd.matrixU();
    pb.V = svd.matrixV();
    pb.X = d.X;
    pb.y = d.Y.col(0);
    pb.Xty = d.X.transpose() * pb.y;
    pb.x_offset = d.x_offset;
    pb.y_offset = d.y_offset[0];
  }
  opts.checkpoint(0.5);

  const double eps = std::numeric_limits<double>::epsilon();
  double alpha = params_.alpha_init.value_or(1.0 / (y_var + eps));
  double lambda = params_.lambda_init.value_or(1.0);
  const auto& P = params_;
  std::vector<double> scores;
  // Log marginal likelihood (Tipping, "Sparse Bayesian learning", 2001, eq. 33, with the Gamma
  // hyperpriors).
  auto log_marginal = [&](double a, double l, const Vector& b, double sse) {
    double logdet = 0;
    for (Index i = 0; i < p; ++i) logdet -= std::log(l + (i < pb.ev.size() ? a * pb.ev[i] : 0.0));
    double s = P.lambda_1 * std::log(l) - P.lambda_2 * l + P.alpha_1 * std::log(a) - P.alpha_2 * a;
    s += 0.5 * (static_cast<double>(p) * std::log(l) + sw_sum * std::log(a) - a * sse -
                l * b.squaredNorm() + logdet - sw_sum * std::log(2.0 * std::numbers::pi));
    return s;
  };
  Vector coef_old, b;
  Index iter = 0;
  for (; iter < P.max_iter; ++iter) {
    double sse = 0;
    b = pb.coef(lambda / alpha, sse);
    if (P.compute_score) scores.push_back(log_marginal(alpha, lambda, b, sse));
    // MacKay's updates of the precisions.
    const double gamma = (alpha * pb.ev.array() / (lambda + alpha * pb.ev.array())).sum();
    lambda = (gamma + 2 * P.lambda_1) / (b.squaredNorm() + 2 * P.lambda_2);
    alpha = (sw_sum - gamma + 2 * P.alpha_1) / (sse + 2 * P.alpha_2);
    if (iter != 0 && (coef_old - b).cwiseAbs().sum() < P.tol) break;
    coef_old = b;
  }
  State s;
  s.n_iter = std::min<Index>(iter + 1, P.max_iter);
  s.alpha = alpha;
  s.lambda = lambda;
  double sse = 0;
  s.coef = pb.coef(lambda / alpha, sse);
  // scikit-learn scores the final precisions with the last iteration's coefficients and the
  // final sum of squared errors; kept so that scores_ agree.
  if (P.compute_score) scores.push_back(log_marginal(alpha, lambda, b, sse));
  s.scores = Eigen::Map<const Vector>(scores.data(), static_cast<Index>(scores.size()));
  // Posterior covariance V diag(1 / (alpha ev + lambda)) Vᵀ, ev padded with zeros to p.
  Vector d = Vector::Constant(p, lambda);
  d.head(pb.ev.size()).array() += alpha * pb.ev.array();
  s.sigma = pb.V * d.cwiseInverse().asDiagonal() * pb.V.transpose();
  s.x_offset = pb.x_offset;
  s.intercept = params_.fit_intercept ? pb.y_offset - s.coef.dot(pb.x_offset) : 0.0;
  if (!std::isfinite(s.alpha) || !std::isfinite(s.lambda) || !s.coef.allFinite())
    throw InvalidInput(
        "BayesianRidge: the evidence maximisation diverged (the target is fitted exactly or "
        "is constant); no finite alpha_ and lambda_ exist for these data");
  opts.checkpoint(1.0);
  state_ = std::move(s);
}

Matrix BayesianRidge::predict_impl(MatrixView X) const {
  Matrix out = X * state_.coef;
  out.array() += state_.intercept;
  return out;
}

void BayesianRidge::save_state(nlohmann::json& j) const {
  using namespace mlkit::detail;
  j["coef_"] = vector_to_json(state_.coef);
  j["intercept_"] = number_to_json(state_.intercept);
  j["alpha_"] = number_to_json(state_.alpha);
  j["lambda_"] = number_to_json(state_.lambda);
  j["sigma_"] = matrix_to_json(state_.sigma);
  j["scores_"] = vector_to_json(state_.scores);
  j["X_offset_"] = vector_to_json(state_.x_offset);
  j["n_iter_"] = state_.n_iter;
}

void BayesianRidge::load_state(const nlohmann::json& j, Index nf, Index nt) {
  using namespace mlkit::detail;
  if (nt != 1) throw ModelFormatError("model field 'n_targets' must be 1 for BayesianRidge");
  State s;
  s.coef = vector_from_json(field(j, "coef_"), "coef_", nf, false);
  s.intercept = finite_from_json(field(j, "intercept_"), "intercept_");
  s.alpha = finite_from_json(field(j, "alpha_"), "alpha_", 0.0);
  s.lambda = finite_from_json(field(j, "lambda_"), "lambda_", 0.0);
  s.sigma = matrix_from_json(field(j, "sigma_"), "sigma_", nf, nf, false);
  s.scores = vector_from_json(field(j, "scores_"), "scores_", -1, false);
  s.x_offset = vector_from_json(field(j, "X_offset_"), "X_offset_", nf, false);
  s.n_iter = integer_from_json(field(j, "n_iter_"), "n_iter_", 1, std::int64_t{1} << 31);
  state_ = std::move(s);
}

}  // namespace mlkit::linear_model
