#include "mlkit/linear_model/ridge.hpp"

#include <Eigen/Cholesky>
#include <Eigen/IterativeLinearSolvers>
#include <Eigen/SVD>
#include <cmath>

#include "mlkit/core/context.hpp"
#include "mlkit/core/errors.hpp"
#include "src/core/detail/json_io.hpp"
#include "src/core/detail/param_table_builder.hpp"
#include "src/linear_model/detail/gram.hpp"
#include "src/linear_model/detail/linear_predict.hpp"
#include "src/linear_model/detail/lsqr.hpp"
#include "src/linear_model/detail/nnls.hpp"
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
               "Maximum iterations of the sparse_cg and lsqr solvers; None for SciPy's defaults "
               "(10 times the system size for sparse_cg, twice the number of features for lsqr).",
               {ParamAlternative::integer(1)})
          .add("tol", &P::tol,
               "sparse_cg stops when the residual norm is at most tol times the right-hand "
               "side's; lsqr uses it as both its atol and btol; unused by the direct solvers.",
               {ParamAlternative::real(0, HUGE_VAL, true, false)})
          .add("solver", &P::solver,
               "'auto' (= 'cholesky'), 'cholesky' (normal equations, falls back to 'svd' when "
               "singular), 'svd', 'sparse_cg' (conjugate gradients) or 'lsqr' (damped LSQR on the "
               "centred data).",
               {ParamAlternative::string({"auto", "svd", "cholesky", "sparse_cg", "lsqr"})})
          .add("positive", &P::positive,
               "Constrain the coefficients to be >= 0 (solved by non-negative least squares on "
               "the normal equations; needs solver='auto').")
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

// Kernel form for p > n: b = Xᵀ (X Xᵀ + α I)⁻¹ y, an n × n system.
bool solve_cholesky_kernel(const ColMatrix& X, const ColMatrix& Y, const Vector& alpha,
                           Matrix& coef) {
  ColMatrix K = ColMatrix::Zero(X.rows(), X.rows());
  K.selfadjointView<Eigen::Lower>().rankUpdate(X);
  K.triangularView<Eigen::StrictlyUpper>() = K.transpose();
  ColMatrix sol;
  if (!solve_shifted_spd(K, Y, alpha, sol)) return false;
  coef = (X.transpose() * sol).transpose();
  return true;
}

// Unpreconditioned conjugate gradients on G + α I for each target, as scikit-learn's
// _solve_sparse_cg with SciPy's cg: G is XᵀX with right-hand sides XᵀY (the primal form), or
// X Xᵀ with right-hand sides Y (the kernel form, p > n, whose solution is mapped back by Xᵀ).
ColMatrix solve_cg(const ColMatrix& G, const ColMatrix& B, const Vector& alpha, double tol,
                   Index max_iter, Vector& n_iter) {
  ColMatrix sol(G.rows(), B.cols());
  n_iter.resize(B.cols());
  for (Index t = 0; t < B.cols(); ++t) {
    ColMatrix M = G;
    M.diagonal().array() += alpha[t];
    Eigen::ConjugateGradient<ColMatrix, Eigen::Lower | Eigen::Upper, Eigen::IdentityPreconditioner>
        cg;
    cg.setTolerance(tol);
    cg.setMaxIterations(max_iter);
    cg.compute(M);
    sol.col(t) = cg.solve(B.col(t));
    n_iter[t] = static_cast<double>(cg.iterations());
  }
  return sol;
}

}  // namespace

namespace detail {

RidgeSolution solve_ridge(MatrixView X, MatrixView Y, const Vector& sample_weight,
                          const RidgeParams& params, const Vector& alpha) {
  const Index n = X.rows(), p = X.cols();
  const Context ctx(std::nullopt);  // the process default threads; BLAS single-threaded
  RidgeSolution s;
  s.solver = params.positive ? "nnls" : params.solver == "auto" ? "cholesky" : params.solver;
  // One direct solve per target, or the iterations of an iterative solver.
  s.n_iter = Vector::Ones(Y.cols());
  if (s.solver == "nnls" || (n >= p && s.solver != "svd" && s.solver != "lsqr")) {
    // The normal equations, formed in one parallel pass without a copy of X.
    CenteredGram g;
    ctx.run([&] { g = centered_gram(X, Y, sample_weight, params.fit_intercept); });
    ColMatrix sol;
    if (s.solver == "nnls") {
      sol.resize(p, Y.cols());
      for (Index t = 0; t < Y.cols(); ++t) {
        ColMatrix A = g.G;
        A.diagonal().array() += alpha[t];
        bool converged = false;
        sol.col(t) = nnls_normal(A, g.XtY.col(t), params.max_iter.value_or(3 * p), converged);
        (void)converged;
      }
    } else if (s.solver == "sparse_cg") {
      sol = solve_cg(g.G, g.XtY, alpha, params.tol, params.max_iter.value_or(10 * p), s.n_iter);
    } else if (!solve_shifted_spd(g.G, g.XtY, alpha, sol)) {
      s.solver = "svd";
    }
    if (s.solver != "svd") {
      s.coef = sol.transpose();
      s.intercept = g.y_offset - s.coef * g.x_offset;
      return s;
    }
  }
  const RidgeData d = ridge_data(X, Y, sample_weight, params.fit_intercept);
  if (s.solver == "cholesky" && !solve_cholesky_kernel(d.X, d.Y, alpha, s.coef)) s.solver = "svd";
  if (s.solver == "svd") s.coef = solve_svd(d.X, d.Y, alpha);
  if (s.solver == "lsqr") {
    // scikit-learn's _solve_lsqr: SciPy's lsqr per target with damp = sqrt(alpha) and
    // atol = btol = tol.
    s.coef.resize(Y.cols(), p);
    for (Index t = 0; t < Y.cols(); ++t) {
      const LsqrResult r = lsqr(d.X, d.Y.col(t), std::sqrt(alpha[t]), params.tol, params.tol,
                                params.max_iter.value_or(2 * p));
      s.coef.row(t) = r.x.transpose();
      s.n_iter[t] = static_cast<double>(r.n_iter);
    }
  }
  if (s.solver == "sparse_cg") {
    // The kernel form; scikit-learn passes max_iter only to the primal form, and SciPy's
    // default is 10 times the system size.
    ColMatrix K = ColMatrix::Zero(n, n);
    K.selfadjointView<Eigen::Lower>().rankUpdate(d.X);
    K.triangularView<Eigen::StrictlyUpper>() = K.transpose();
    const ColMatrix dual = solve_cg(K, d.Y, alpha, params.tol, 10 * n, s.n_iter);
    s.coef = (d.X.transpose() * dual).transpose();
  }
  s.intercept = d.y_offset - s.coef * d.x_offset;
  return s;
}

}  // namespace detail

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
  if (params_.positive && params_.solver != "auto")
    throw InvalidParameter(
        "When positive=True, only the 'auto' solver can be used (mlkit solves the positive "
        "problem by non-negative least squares). Got solver='" +
        params_.solver + "'.");
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
  opts.checkpoint(0.0);
  detail::RidgeSolution sol = detail::solve_ridge(X, Y, opts.sample_weight, params_, alpha);
  State s{std::move(sol.coef), std::move(sol.intercept), std::move(sol.solver),
          std::move(sol.n_iter)};
  opts.checkpoint(1.0);
  state_ = std::move(s);
}

Matrix Ridge::predict_impl(MatrixView X) const {
  return detail::linear_decision(X, state_.coef, state_.intercept);
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
  detail::load_solver_state(j, nt, s.solver, s.n_iter);
  state_ = std::move(s);
}

}  // namespace mlkit::linear_model
