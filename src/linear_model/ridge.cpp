#include "mlkit/linear_model/ridge.hpp"

#include <Eigen/Cholesky>
#include <Eigen/IterativeLinearSolvers>
#include <Eigen/SVD>
#include <cmath>

#include "mlkit/core/context.hpp"
#include "mlkit/core/errors.hpp"
#include "src/core/detail/json_io.hpp"
#include "src/core/detail/param_table_builder.hpp"
#include "src/linear_model/detail/ridge_common.hpp"
#include "src/linear_model/detail/tags.hpp"

namespace mlkit::linear_model {

namespace {

using ColMatrix = Eigen::MatrixXd;

const ParamTable& table() {
  using P = RidgeParams;
  static const ParamTable t =
      mlkit::detail::ParamTableBuilder<P>("Ridge")
          .add("alpha", &P::alpha,
               "Strength of the L2 penalty: one float >= 0, or a list with one per target.",
               {ParamAlternative::real(0, HUGE_VAL, true, false), ParamAlternative::real_list()})
          .add("fit_intercept", &P::fit_intercept,
               "Whether to fit an intercept; if false the data are expected to be centred.")
          .add("copy_X", &P::copy_X,
               "Kept for scikit-learn compatibility; mlkit never modifies the caller's X.")
          .add("max_iter", &P::max_iter,
               "Maximum iterations of the sparse_cg solver; None for SciPy's default (10 times "
               "the system size).",
               {ParamAlternative::integer(1)})
          .add("tol", &P::tol,
               "sparse_cg stops when the residual norm is at most tol times the right-hand "
               "side's; unused by the direct solvers.",
               {ParamAlternative::real(0, HUGE_VAL, true, false)})
          .add("solver", &P::solver,
               "'auto' (= 'cholesky'), 'cholesky' (normal equations, falls back to 'svd' when "
               "singular), 'svd' or 'sparse_cg' (conjugate gradients).",
               {ParamAlternative::string({"auto", "svd", "cholesky", "sparse_cg"})})
          .add("positive", &P::positive,
               "Constrain the coefficients to be >= 0; only False is supported.")
          .build();
  return t;
}

// Coefficients (n_targets × p) by the SVD of X: b = V diag(s / (s² + α)) Uᵀ y, singular values
// at or below 1e-15 dropped (scikit-learn's _solve_svd).
Matrix solve_svd(const ColMatrix& X, const ColMatrix& Y, const Vector& alpha) {
  const Eigen::BDCSVD<ColMatrix> svd(X, Eigen::ComputeThinU | Eigen::ComputeThinV);
  const Vector& s = svd.singularValues();
  const ColMatrix UtY = svd.matrixU().transpose() * Y;
  ColMatrix D = ColMatrix::Zero(s.size(), Y.cols());
  for (Index t = 0; t < Y.cols(); ++t)
    for (Index i = 0; i < s.size(); ++i)
      if (s[i] > 1e-15) D(i, t) = s[i] / (s[i] * s[i] + alpha[t]) * UtY(i, t);
  return (svd.matrixV() * D).transpose();
}

// Cholesky of A + α I for each distinct penalty; false when a matrix is not positive definite.
// Returns the solutions column by column, as scikit-learn's _solve_cholesky(_kernel).
bool solve_shifted_spd(const ColMatrix& A, const ColMatrix& B, const Vector& alpha,
                       ColMatrix& out) {
  out.resize(A.rows(), B.cols());
  const bool one_alpha = (alpha.array() == alpha[0]).all();
  ColMatrix M = A;
  if (one_alpha) {
    M.diagonal().array() += alpha[0];
    const Eigen::LLT<ColMatrix> llt(M);
    if (llt.info() != Eigen::Success) return false;
    out = llt.solve(B);
    return true;
  }
  for (Index t = 0; t < B.cols(); ++t) {
    M = A;
    M.diagonal().array() += alpha[t];
    const Eigen::LLT<ColMatrix> llt(M);
    if (llt.info() != Eigen::Success) return false;
    out.col(t) = llt.solve(B.col(t));
  }
  return true;
}

bool solve_cholesky(const ColMatrix& X, const ColMatrix& Y, const Vector& alpha, Matrix& coef) {
  ColMatrix sol;
  if (X.cols() > X.rows()) {
    // Kernel form: b = Xᵀ (X Xᵀ + α I)⁻¹ y, an n × n system.
    ColMatrix K = ColMatrix::Zero(X.rows(), X.rows());
    K.selfadjointView<Eigen::Lower>().rankUpdate(X);
    K.triangularView<Eigen::StrictlyUpper>() = K.transpose();
    if (!solve_shifted_spd(K, Y, alpha, sol)) return false;
    coef = (X.transpose() * sol).transpose();
  } else {
    ColMatrix A = ColMatrix::Zero(X.cols(), X.cols());
    A.selfadjointView<Eigen::Lower>().rankUpdate(X.transpose());
    A.triangularView<Eigen::StrictlyUpper>() = A.transpose();
    if (!solve_shifted_spd(A, X.transpose() * Y, alpha, sol)) return false;
    coef = sol.transpose();
  }
  return true;
}

// Unpreconditioned conjugate gradients on the normal equations (or their kernel form when
// p > n), each target on its own, as scikit-learn's _solve_sparse_cg with SciPy's cg.
Matrix solve_cg(const ColMatrix& X, const ColMatrix& Y, const Vector& alpha, double tol,
                std::optional<int> max_iter, Vector& n_iter) {
  const bool kernel = X.cols() > X.rows();
  const Index m = kernel ? X.rows() : X.cols();
  ColMatrix G = ColMatrix::Zero(m, m);
  if (kernel)
    G.selfadjointView<Eigen::Lower>().rankUpdate(X);
  else
    G.selfadjointView<Eigen::Lower>().rankUpdate(X.transpose());
  G.triangularView<Eigen::StrictlyUpper>() = G.transpose();
  Matrix coef(Y.cols(), X.cols());
  n_iter.resize(Y.cols());
  for (Index t = 0; t < Y.cols(); ++t) {
    ColMatrix M = G;
    M.diagonal().array() += alpha[t];
    Eigen::ConjugateGradient<ColMatrix, Eigen::Lower | Eigen::Upper, Eigen::IdentityPreconditioner>
        cg;
    cg.setTolerance(tol);
    // scikit-learn passes max_iter only to the primal form; SciPy's default is 10 m.
    cg.setMaxIterations(!kernel && max_iter ? *max_iter : 10 * m);
    cg.compute(M);
    if (kernel) {
      const Vector dual = cg.solve(Y.col(t));
      coef.row(t) = (X.transpose() * dual).transpose();
    } else {
      const Vector rhs = X.transpose() * Y.col(t);
      coef.row(t) = cg.solve(rhs).transpose();
    }
    n_iter[t] = static_cast<double>(cg.iterations());
  }
  return coef;
}

}  // namespace

Ridge::Ridge(Params params) : params_(std::move(params)) {}

std::unique_ptr<Estimator> Ridge::clone() const { return std::make_unique<Ridge>(params_); }

const Tags& Ridge::tags() const { return detail::least_squares_tags(); }

const ParamTable& Ridge::param_table() const { return table(); }

void Ridge::validate_params() const {
  if (params_.alpha.is_list()) {
    const auto& l = params_.alpha.as_list();
    if (l.empty()) throw InvalidParameter("The 'alpha' parameter of Ridge must not be empty.");
    for (const auto& a : l)
      if (!(a.as_double() >= 0.0) || !std::isfinite(a.as_double()))
        throw InvalidParameter(
            "The 'alpha' parameter of Ridge must hold floats in the range [0.0, inf). Got " +
            params_.alpha.repr() + " instead.");
  }
  if (params_.positive)
    throw InvalidParameter(
        "Ridge(positive=True) is not supported by mlkit yet; use positive=False.");
}

const Matrix& Ridge::coef() const {
  check_fitted();
  return state_.coef;
}
const Vector& Ridge::intercept() const {
  check_fitted();
  return state_.intercept;
}
const std::string& Ridge::solver_used() const {
  check_fitted();
  return state_.solver;
}
const Vector& Ridge::n_iter() const {
  check_fitted();
  return state_.n_iter;
}

void Ridge::fit_impl(MatrixView X, MatrixView Y, const FitOptions& opts) {
  const Vector alpha = detail::alpha_per_target(params_.alpha, Y.cols());
  const Context ctx(std::nullopt);  // keeps BLAS single-threaded inside the process default
  const detail::RidgeData d = detail::ridge_data(X, Y, opts.sample_weight, params_.fit_intercept);
  opts.checkpoint(0.25);
  State s;
  s.solver = params_.solver == "auto" ? "cholesky" : params_.solver;
  if (s.solver == "cholesky" && !solve_cholesky(d.X, d.Y, alpha, s.coef)) s.solver = "svd";
  if (s.solver == "svd") s.coef = solve_svd(d.X, d.Y, alpha);
  // One direct solve per target, or the conjugate-gradient iterations.
  s.n_iter = Vector::Ones(Y.cols());
  if (s.solver == "sparse_cg")
    s.coef = solve_cg(d.X, d.Y, alpha, params_.tol, params_.max_iter, s.n_iter);
  s.intercept = d.y_offset - s.coef * d.x_offset;
  opts.checkpoint(1.0);
  state_ = std::move(s);
}

Matrix Ridge::predict_impl(MatrixView X) const {
  Matrix out = X * state_.coef.transpose();
  out.rowwise() += state_.intercept.transpose();
  return out;
}

void Ridge::save_state(nlohmann::json& j) const {
  j["coef_"] = mlkit::detail::matrix_to_json(state_.coef);
  j["intercept_"] = mlkit::detail::vector_to_json(state_.intercept);
  j["solver_"] = state_.solver;
  j["n_iter_"] = mlkit::detail::vector_to_json(state_.n_iter);
}

void Ridge::load_state(const nlohmann::json& j, Index nf, Index nt) {
  State s;
  s.coef =
      mlkit::detail::matrix_from_json(mlkit::detail::field(j, "coef_"), "coef_", nt, nf, false);
  s.intercept = mlkit::detail::vector_from_json(mlkit::detail::field(j, "intercept_"), "intercept_",
                                                nt, false);
  const auto& solver = mlkit::detail::field(j, "solver_");
  if (!solver.is_string()) throw ModelFormatError("model field 'solver_' must be a string");
  s.solver = solver.get<std::string>();
  if (s.solver != "cholesky" && s.solver != "svd" && s.solver != "sparse_cg")
    throw ModelFormatError("model field 'solver_' names an unknown solver");
  s.n_iter =
      mlkit::detail::vector_from_json(mlkit::detail::field(j, "n_iter_"), "n_iter_", nt, false);
  for (Index t = 0; t < nt; ++t)
    if (!(s.n_iter[t] >= 0.0) || s.n_iter[t] != std::floor(s.n_iter[t]))
      throw ModelFormatError("model field 'n_iter_' must hold counts");
  state_ = std::move(s);
}

}  // namespace mlkit::linear_model
