#include "mlkit/linear_model/linear_regression.hpp"

#include <Eigen/QR>
#include <Eigen/SVD>
#include <algorithm>

#include "mlkit/core/context.hpp"
#include "mlkit/core/errors.hpp"
#include "src/core/detail/json_io.hpp"
#include "src/core/detail/param_table_builder.hpp"
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
  const bool weighted = opts.sample_weight.size() > 0;
  // Resolves n_jobs (refusing 0) and keeps BLAS single-threaded; the dense solver itself is
  // sequential, as scikit-learn's is.
  const Context ctx(params_.n_jobs);
  ColMatrix Xc = X;
  ColMatrix Yc = Y;
  Vector x_offset = Vector::Zero(p);
  Vector y_offset = Vector::Zero(Y.cols());
  if (params_.fit_intercept) {
    if (weighted) {
      const double total = opts.sample_weight.sum();
      x_offset = (Xc.transpose() * opts.sample_weight) / total;
      y_offset = (Yc.transpose() * opts.sample_weight) / total;
    } else {
      x_offset = Xc.colwise().mean();
      y_offset = Yc.colwise().mean();
    }
    Xc.rowwise() -= x_offset.transpose();
    Yc.rowwise() -= y_offset.transpose();
  }
  if (weighted) {
    const Vector sw = opts.sample_weight.cwiseSqrt();
    Xc = sw.asDiagonal() * Xc;
    Yc = sw.asDiagonal() * Yc;
  }
  opts.checkpoint(0.25);
  LstsqResult ls;
  if (n > p) {
    // Reduce to a p × p problem first: X = QR keeps the singular values and the minimum-norm
    // solution, and the SVD then costs O(p³) instead of O(n p²) with a large constant.
    const Eigen::HouseholderQR<ColMatrix> qr(Xc);
    const ColMatrix R = qr.matrixQR().topRows(p).triangularView<Eigen::Upper>();
    const ColMatrix QtY = (qr.householderQ().transpose() * Yc).topRows(p);
    ls = min_norm_lstsq(R, QtY, params_.tol);
  } else {
    ls = min_norm_lstsq(Xc, Yc, params_.tol);
  }
  State s;
  s.coef = ls.solution.transpose();
  s.intercept = y_offset - s.coef * x_offset;
  s.rank = ls.rank;
  s.singular = std::move(ls.singular);
  opts.checkpoint(1.0);
  state_ = std::move(s);
}

Matrix LinearRegression::predict_impl(MatrixView X) const {
  Matrix out = X * state_.coef.transpose();
  out.rowwise() += state_.intercept.transpose();
  return out;
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
