#include "mlkit/linear_model/linear_regression.hpp"

#include <Eigen/Eigenvalues>
#include <Eigen/QR>
#include <Eigen/SVD>
#include <algorithm>

#include "mlkit/core/context.hpp"
#include "mlkit/core/errors.hpp"
#include "src/core/detail/json_io.hpp"
#include "src/core/detail/param_table_builder.hpp"
#include "src/linear_model/detail/gram.hpp"
#include "src/linear_model/detail/linear_predict.hpp"
#include "src/linear_model/detail/nnls.hpp"
#include "src/linear_model/detail/ridge_common.hpp"
#include "src/linear_model/detail/tags.hpp"

namespace mlkit::linear_model {

namespace {

using ColMatrix = Eigen::MatrixXd;

const ParamTable& table() {
  using P = LinearRegressionParams;
  static const ParamTable t =
      mlkit::detail::ParamTableBuilder<P>("LinearRegression")
          .add("fit_intercept", &P::fit_intercept,
               "Whether to fit an intercept; if false the data are expected to be centred.")
          .add("copy_X", &P::copy_X,
               "Kept for scikit-learn compatibility; mlkit never modifies the caller's X.")
          .add("tol", &P::tol,
               "Singular values below tol times the largest are treated as zero (rank cut-off).",
               {ParamAlternative::real(0, HUGE_VAL, true, false)})
          .add("n_jobs", &P::n_jobs,
               "Threads for the computation: None for the process default, -1 for all cores.")
          .add("positive", &P::positive,
               "Constrain the coefficients to be >= 0 (non-negative least squares).")
          .build();
  return t;
}

// Minimum-norm least-squares solution of A B = R with singular values of A at or below
// tol · σ_max treated as zero (the rule of LAPACK's gelsd, used by scipy.linalg.lstsq).
struct LstsqResult {
  ColMatrix solution;  // cols(A) × cols(R)
  Index rank = 0;
  Vector singular;
};

LstsqResult min_norm_lstsq(const ColMatrix& A, const ColMatrix& R, double tol) {
  const Eigen::BDCSVD<ColMatrix> svd(A, Eigen::ComputeThinU | Eigen::ComputeThinV);
  LstsqResult out;
  out.singular = svd.singularValues();
  const double cutoff = out.singular.size() ? tol * out.singular[0] : 0.0;
  Vector inv = Vector::Zero(out.singular.size());
  for (Index i = 0; i < out.singular.size(); ++i)
    if (out.singular[i] > cutoff) inv[i] = 1.0 / out.singular[i], ++out.rank;
  out.solution = svd.matrixV() * (inv.asDiagonal() * (svd.matrixU().transpose() * R));
  return out;
}

}  // namespace

LinearRegression::LinearRegression(Params params) : params_(std::move(params)) {}

std::unique_ptr<Estimator> LinearRegression::clone() const {
  return std::make_unique<LinearRegression>(params_);
}

const Tags& LinearRegression::tags() const { return linear_model::detail::least_squares_tags(); }

const ParamTable& LinearRegression::param_table() const { return table(); }

const Matrix& LinearRegression::coef() const {
  check_fitted();
  return state_.coef;
}
const Vector& LinearRegression::intercept() const {
  check_fitted();
  return state_.intercept;
}
Index LinearRegression::rank() const {
  check_fitted();
  return state_.rank;
}
const Vector& LinearRegression::singular() const {
  check_fitted();
  return state_.singular;
}

void LinearRegression::fit_impl(MatrixView X, MatrixView Y, const FitOptions& opts) {
  const Index n = X.rows(), p = X.cols();
  const Context ctx(params_.n_jobs);  // resolves n_jobs (refusing 0); BLAS single-threaded
  State s;
  if (params_.positive) {
    // scikit-learn's scipy.optimize.nnls on the centred, weighted X; here on its normal
    // equations (the same minimiser). rank_ and singular_ are not computed (None there).
    detail::CenteredGram g;
    ctx.run([&] { g = detail::centered_gram(X, Y, opts.sample_weight, params_.fit_intercept); });
    ColMatrix sol(p, Y.cols());
    for (Index t = 0; t < Y.cols(); ++t) {
      bool converged = false;
      sol.col(t) = detail::nnls_normal(g.G, g.XtY.col(t), 3 * p, converged);
    }
    s.coef = sol.transpose();
    s.intercept = g.y_offset - s.coef * g.x_offset;
    s.rank = 0;
    s.singular = Vector();
    opts.checkpoint(1.0);
    state_ = std::move(s);
    return;
  }
  if (n > p) {
    // The normal equations, formed in one parallel pass without a copy of X, and solved by the
    // eigendecomposition of X̃ᵀX̃ (its eigenvalues are the squared singular values of X̃). This
    // is accurate while cond(X̃) <= 1e3 (errors of order eps cond² <= 1e-10 relative); a worse
    // conditioned or rank-deficient X goes to the QR-then-SVD path below instead.
    detail::CenteredGram g;
    ctx.run([&] { g = detail::centered_gram(X, Y, opts.sample_weight, params_.fit_intercept); });
    opts.checkpoint(0.5);
    const Eigen::SelfAdjointEigenSolver<ColMatrix> eig(g.G);
    const Vector& lambda = eig.eigenvalues();  // ascending
    if (eig.info() == Eigen::Success && lambda[0] > 1e-6 * lambda[p - 1]) {
      const ColMatrix& V = eig.eigenvectors();
      const ColMatrix sol = V * (lambda.cwiseInverse().asDiagonal() * (V.transpose() * g.XtY));
      s.coef = sol.transpose();
      s.intercept = g.y_offset - s.coef * g.x_offset;
      s.rank = p;
      s.singular = lambda.reverse().cwiseSqrt();
      opts.checkpoint(1.0);
      state_ = std::move(s);
      return;
    }
  }
  const detail::RidgeData d = detail::ridge_data(X, Y, opts.sample_weight, params_.fit_intercept);
  opts.checkpoint(0.5);
  LstsqResult ls;
  if (n > p) {
    // Reduce to a p × p problem first: X = QR keeps the singular values and the minimum-norm
    // solution, and the SVD then costs O(p³) instead of O(n p²) with a large constant.
    const Eigen::HouseholderQR<ColMatrix> qr(d.X);
    const ColMatrix R = qr.matrixQR().topRows(p).triangularView<Eigen::Upper>();
    const ColMatrix QtY = (qr.householderQ().transpose() * d.Y).topRows(p);
    ls = min_norm_lstsq(R, QtY, params_.tol);
  } else {
    ls = min_norm_lstsq(d.X, d.Y, params_.tol);
  }
  s.coef = ls.solution.transpose();
  s.intercept = d.y_offset - s.coef * d.x_offset;
  s.rank = ls.rank;
  s.singular = std::move(ls.singular);
  opts.checkpoint(1.0);
  state_ = std::move(s);
}

Matrix LinearRegression::predict_impl(MatrixView X) const {
  return detail::linear_decision(X, state_.coef, state_.intercept);
}

void LinearRegression::save_state(nlohmann::json& j) const {
  j["coef_"] = mlkit::detail::matrix_to_json(state_.coef);
  j["intercept_"] = mlkit::detail::vector_to_json(state_.intercept);
  j["rank_"] = state_.rank;
  j["singular_"] = mlkit::detail::vector_to_json(state_.singular);
}

void LinearRegression::load_state(const nlohmann::json& j, Index nf, Index nt) {
  State s;
  s.coef =
      mlkit::detail::matrix_from_json(mlkit::detail::field(j, "coef_"), "coef_", nt, nf, false);
  s.intercept = mlkit::detail::vector_from_json(mlkit::detail::field(j, "intercept_"), "intercept_",
                                                nt, false);
  s.rank = mlkit::detail::integer_from_json(mlkit::detail::field(j, "rank_"), "rank_", 0, nf);
  s.singular =
      mlkit::detail::vector_from_json(mlkit::detail::field(j, "singular_"), "singular_", -1, false);
  if (s.singular.size() > nf) throw ModelFormatError("model field 'singular_' is too long");
  state_ = std::move(s);
}

}  // namespace mlkit::linear_model
