#include "mlkit/linear_model/quantile_regressor.hpp"

#include <ClpSimplex.hpp>
#include <ClpSolve.hpp>
#include <Eigen/LU>
#include <cmath>
#include <vector>

#include "mlkit/core/errors.hpp"
#include "mlkit/core/warnings.hpp"
#include "src/core/detail/json_io.hpp"
#include "src/core/detail/param_table_builder.hpp"

namespace mlkit::linear_model {

namespace {

const ParamTable& table() {
  using P = QuantileRegressorParams;
  static const ParamTable t =
      mlkit::detail::ParamTableBuilder<P>("QuantileRegressor")
          .add("quantile", &P::quantile, "The quantile the model predicts, strictly in (0, 1).",
               {ParamAlternative::real(0, 1, false, false)})
          .add("alpha", &P::alpha,
               "Strength of the L1 penalty alpha ||w||_1 (the loss is a weighted mean).",
               {ParamAlternative::real(0, HUGE_VAL, true, false)})
          .add("fit_intercept", &P::fit_intercept, "Whether to fit an (unpenalised) intercept.")
          .add("solver", &P::solver,
               "LP method: 'highs' and 'highs-ds' run Clp's dual simplex, 'highs-ipm' Clp's "
               "barrier with crossover, 'revised simplex' Clp's primal simplex.",
               {ParamAlternative::string(
                   {"highs-ds", "highs-ipm", "highs", "interior-point", "revised simplex"})})
          .add("solver_options", &P::solver_options,
               "Options of the LP solver; only None (the solver's defaults) is accepted.")
          .build();
  return t;
}

// The Clp method for each of scikit-learn's solver names.
ClpSolve::SolveType clp_method(const std::string& solver) {
  if (solver == "highs-ipm") return ClpSolve::useBarrier;  // barrier, then crossover to a vertex
  if (solver == "revised simplex") return ClpSolve::usePrimal;
  return ClpSolve::useDual;  // "highs", "highs-ds"
}

std::string status_text(int status) {
  switch (status) {
    case 1:
      return "Problem appears to be infeasible.";
    case 2:
      return "Problem appears to be unbounded.";
    case 3:
      return "Iteration limit reached.";
    case 4:
      return "Numerical difficulties encountered.";
    default:
      return "unknown reason";
  }
}

}  // namespace

QuantileRegressor::QuantileRegressor(Params params) : params_(std::move(params)) {}

std::unique_ptr<Estimator> QuantileRegressor::clone() const {
  return std::make_unique<QuantileRegressor>(params_);
}

const Tags& QuantileRegressor::tags() const {
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

const ParamTable& QuantileRegressor::param_table() const { return table(); }

const Matrix& QuantileRegressor::coef() const {
  check_fitted();
  return state_.coef;
}
const Vector& QuantileRegressor::intercept() const {
  check_fitted();
  return state_.intercept;
}
int QuantileRegressor::n_iter() const {
  check_fitted();
  return state_.n_iter;
}

void QuantileRegressor::validate_params() const {
  // scikit-learn accepts the name and refuses it when fitting, as SciPy >= 1.11 has no such method.
  if (params_.solver == "interior-point")
    throw InvalidParameter("Solver interior-point is not anymore available in SciPy >= 1.11.0.");
}

void QuantileRegressor::fit_impl(MatrixView X, MatrixView Y, const FitOptions& opts) {
  opts.checkpoint(0.0);
  const Index p = X.cols();
  const bool fi = params_.fit_intercept;
  const double q = params_.quantile;
  const Vector y = Y.col(0);
  const Vector sw = opts.sample_weight.size() ? opts.sample_weight : Vector::Ones(X.rows());
  const double penalty = params_.alpha * sw.sum();  // scikit-learn's alpha * sum of weights

  // Samples of zero weight drop out, as in scikit-learn.
  std::vector<Index> rows;
  rows.reserve(static_cast<std::size_t>(X.rows()));
  for (Index i = 0; i < X.rows(); ++i)
    if (sw[i] > 0) rows.push_back(i);
  const int n = static_cast<int>(rows.size());
  const int m = static_cast<int>(p) + (fi ? 1 : 0);  // LP rows: one per feature, then intercept

  // The dual LP in Clp's column-major form: column k is sample rows[k], with entries x_k (and 1
  // in the intercept row). Clp minimises, so the objective is -y.
  std::vector<CoinBigIndex> start(static_cast<std::size_t>(n) + 1, 0);
  std::vector<int> index;
  std::vector<double> value, col_lo(n), col_hi(n), obj(n);
  index.reserve(static_cast<std::size_t>(n) * m);
  value.reserve(static_cast<std::size_t>(n) * m);
  for (int k = 0; k < n; ++k) {
    const Index i = rows[k];
    for (Index j = 0; j < p; ++j)
      if (X(i, j) != 0) {
        index.push_back(static_cast<int>(j));
        value.push_back(X(i, j));
      }
    if (fi) {
      index.push_back(static_cast<int>(p));
      value.push_back(1.0);
    }
    start[k + 1] = static_cast<CoinBigIndex>(index.size());
    col_lo[k] = -(1 - q) * sw[i];
    col_hi[k] = q * sw[i];
    obj[k] = -y[i];
  }
  std::vector<double> row_lo(m, -penalty), row_hi(m, penalty);
  if (fi) row_lo[p] = row_hi[p] = 0;  // the intercept is not penalised: sum_i d_i = 0

  ClpSimplex lp;
  lp.setLogLevel(0);
  lp.loadProblem(n, m, start.data(), index.data(), value.data(), col_lo.data(), col_hi.data(),
                 obj.data(), row_lo.data(), row_hi.data());
  ClpSolve how;
  how.setSolveType(clp_method(params_.solver));
  how.setPresolveType(ClpSolve::presolveOn);
  lp.initialSolve(how);
  const int status = lp.status();

  // Coefficients are minus the row multipliers (the reduced cost of a basic d_k is
  // -y_k + a_k·beta = 0, i.e. sample k lies on the fitted hyperplane).
  Vector beta(m);
  const double* duals = lp.dualRowSolution();
  for (int j = 0; j < m; ++j) beta[j] = -duals[j];

  // Polish the vertex: the basic samples lie exactly on the hyperplane spanned by the
  // coefficients whose rows are active, so one square solve gives them to machine precision
  // instead of to Clp's tolerances.
  if (status == 0) {
    std::vector<int> basic, active;
    for (int k = 0; k < n; ++k)
      if (lp.getColumnStatus(k) == ClpSimplex::basic) basic.push_back(k);
    for (int j = 0; j < m; ++j)
      if (lp.getRowStatus(j) != ClpSimplex::basic) active.push_back(j);
    if (!active.empty() && basic.size() == active.size()) {
      const Index s = static_cast<Index>(active.size());
      Eigen::MatrixXd A(s, s);
      Vector b(s);
      for (Index r = 0; r < s; ++r) {
        const Index i = rows[basic[r]];
        for (Index c = 0; c < s; ++c) A(r, c) = active[c] < p ? X(i, active[c]) : 1.0;
        b[r] = y[i];
      }
      const Eigen::FullPivLU<Eigen::MatrixXd> lu(A);
      if (lu.isInvertible()) {
        const Vector z = lu.solve(b);
        Vector polished = Vector::Zero(m);
        for (Index c = 0; c < s; ++c) polished[active[c]] = z[c];
        const double scale = 1.0 + beta.lpNorm<Eigen::Infinity>();
        if (polished.allFinite() && (polished - beta).lpNorm<Eigen::Infinity>() <= 1e-5 * scale)
          beta = polished;
      }
    }
  }

  State st;
  st.coef = beta.head(p).transpose();
  st.intercept = Vector::Constant(1, fi ? beta[p] : 0.0);
  st.n_iter = lp.numberIterations();
  opts.checkpoint(1.0);
  state_ = std::move(st);
  if (status != 0)
    warn("ConvergenceWarning",
         "Linear programming for QuantileRegressor did not succeed.\nStatus is " +
             std::to_string(status) + ": " + status_text(status));
}

Matrix QuantileRegressor::predict_impl(MatrixView X) const {
  Matrix out = X * state_.coef.transpose();
  out.array() += state_.intercept[0];
  return out;
}

void QuantileRegressor::save_state(nlohmann::json& j) const {
  j["coef_"] = mlkit::detail::matrix_to_json(state_.coef);
  j["intercept_"] = mlkit::detail::vector_to_json(state_.intercept);
  j["n_iter_"] = state_.n_iter;
}

void QuantileRegressor::load_state(const nlohmann::json& j, Index nf, Index nt) {
  if (nt != 1) throw ModelFormatError("model field 'n_targets' must be 1 for QuantileRegressor");
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

}  // namespace mlkit::linear_model
