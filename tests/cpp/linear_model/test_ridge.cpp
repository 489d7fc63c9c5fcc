#include <Eigen/QR>
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

#include "mlkit/core/errors.hpp"
#include "mlkit/core/serialize.hpp"
#include "mlkit/linear_model/ridge.hpp"
#include "tests/cpp/support/data.hpp"
#include "tests/cpp/support/reference.hpp"

using mlkit::Index;
using mlkit::Matrix;
using mlkit::ParamValue;
using mlkit::Vector;
using mlkit::linear_model::Ridge;
using mlkit::linear_model::RidgeParams;
using mlkit::test::check_close;
using mlkit::test::ref_matrix;
using mlkit::test::ref_vector;
using mlkit::test::Tolerance;

namespace {

constexpr double kEps = std::numeric_limits<double>::epsilon();

Matrix normal(Index n, Index p, std::uint64_t unit) {
  return mlkit::test::normal_matrix(n, p, 20240611, unit);
}

Vector target(const Matrix& X) {
  const Vector noise = normal(X.rows(), 1, 77).col(0);
  return (X * Vector::LinSpaced(X.cols(), -1.0, 2.0)).array() + 0.5 + 0.1 * noise.array();
}

ParamValue alpha_param(const nlohmann::json& j) {
  if (!j.is_array()) return j.get<double>();
  ParamValue::List l;
  for (const auto& a : j) l.emplace_back(a.get<double>());
  return l;
}

// The exact minimiser of ||sqrt(w)(y - Xb - c)||² + α ||b||², from the augmented normal
// equations solved by a complete orthogonal decomposition (independent of Ridge's solvers).
Vector exact_ridge(const Matrix& X, const Vector& y, const Vector& w, double alpha) {
  const Index n = X.rows(), p = X.cols();
  Eigen::MatrixXd A(n + p, p + 1);
  Vector b = Vector::Zero(n + p);
  const Vector sw = w.cwiseSqrt();
  A.topLeftCorner(n, p) = sw.asDiagonal() * X;
  A.topRightCorner(n, 1) = sw;
  A.bottomLeftCorner(p, p) = std::sqrt(alpha) * Eigen::MatrixXd::Identity(p, p);
  A.bottomRightCorner(p, 1).setZero();
  b.head(n) = sw.cwiseProduct(y);
  return A.completeOrthogonalDecomposition().solve(b);  // p coefficients, then the intercept
}

}  // namespace

TEST_CASE("Ridge matches scikit-learn on the reference cases", "[ridge][parity]") {
  const auto& cases = mlkit::test::reference_json("ridge.json").at("Ridge");
  REQUIRE(cases.size() >= 10);
  Index fits = 0;
  for (const auto& c : cases) {
    const std::string name = c.at("name");
    const Matrix X = ref_matrix(c.at("X"));
    const Matrix X_test = ref_matrix(c.at("X_test"));
    const bool multi = c.at("y").front().is_array();
    mlkit::FitOptions opts;
    opts.sample_weight = ref_vector(c.at("sample_weight"));
    for (const auto& f : c.at("fits")) {
      const auto& p = f.at("params");
      const std::string what = name + " " + p.dump();
      INFO("case " << what);
      RidgeParams params;
      params.alpha = alpha_param(p.at("alpha"));
      params.fit_intercept = p.at("fit_intercept");
      params.solver = p.at("solver");
      params.tol = p.at("tol");
      if (p.contains("max_iter") && !p.at("max_iter").is_null())
        params.max_iter = p.at("max_iter").get<int>();
      Ridge est(params);
      if (multi)
        est.fit_multi(X, ref_matrix(c.at("y")), opts);
      else
        est.fit(X, ref_vector(c.at("y")), opts);
      ++fits;
      CHECK(est.solver_used() == f.at("solver_").get<std::string>());
      // Direct solvers on well-conditioned systems agree to ~1e-13; the iterative sparse_cg
      // (run to tol = 1e-12 in the references) and the ill-conditioned case get their bounds.
      Tolerance tol{1e-10, 1e-12};
      if (params.solver == "sparse_cg") tol = {1e-9, 1e-11};
      // LSQR takes SciPy's iterates, stopped early at the default tol: the same rounding-level
      // agreement, and the same iteration count.
      if (params.solver == "lsqr") {
        tol = {1e-9, 1e-11};
        check_close(est.n_iter(), ref_vector(f.at("n_iter_")), {0, 0}, "Ridge", what + " n_iter_");
      }
      auto scaled = [&](const Matrix& expected) {
        if (!c.contains("condition_number")) return tol;
        // Normwise bound of a backward-stable solve: 100 κ ε of the largest value.
        const double kappa = c.at("condition_number");
        REQUIRE(kappa > 1e4);
        const double r = 100 * kappa * kEps;
        return Tolerance{r, r * std::max(1.0, expected.cwiseAbs().maxCoeff())};
      };
      const Matrix coef = ref_matrix(f.at("coef_"));
      const Vector intercept = ref_vector(f.at("intercept_"));
      const Matrix pred = ref_matrix(f.at("predict"));
      check_close(est.coef(), coef, scaled(coef), "Ridge", what + " coef_");
      check_close(est.intercept(), intercept, scaled(intercept), "Ridge", what + " intercept_");
      check_close(est.predict_multi(X_test), pred, scaled(pred), "Ridge", what + " predict");
    }
  }
  CHECK(fits >= 40);
}

TEST_CASE("Ridge: every solver reaches the exact minimiser", "[ridge][invariant]") {
  for (const auto& [n, p] : {std::pair<Index, Index>{40, 6}, {7, 12}}) {
    const Matrix X = normal(n, p, 1);
    const Vector y = target(X);
    Vector w = (normal(n, 1, 2).col(0).array().abs() + 0.2).matrix();
    const Vector exact = exact_ridge(X, y, w, 0.8);
    for (const char* solver : {"auto", "cholesky", "svd", "sparse_cg", "lsqr"}) {
      INFO("n " << n << " p " << p << " solver " << solver);
      RidgeParams params;
      params.alpha = 0.8;
      params.solver = solver;
      params.tol = 1e-14;
      Ridge est(params);
      mlkit::FitOptions opts;
      opts.sample_weight = w;
      est.fit(X, y, opts);
      check_close(Vector(est.coef().row(0).transpose()), Vector(exact.head(p)), {1e-9, 1e-11},
                  "Ridge (exact)", "coef");
      check_close(est.intercept(), Vector(exact.tail(1)), {1e-9, 1e-11}, "Ridge (exact)",
                  "intercept");
    }
  }
}

TEST_CASE("Ridge: a weight of 2 equals a duplicated row; row order does not matter",
          "[ridge][invariant]") {
  const Matrix X = normal(30, 4, 3);
  const Vector y = target(X);
  Matrix X2(31, 4);
  X2 << X, X.row(5);
  Vector y2(31);
  y2 << y, y[5];
  Vector w = Vector::Ones(30);
  w[5] = 2.0;
  for (const char* solver : {"cholesky", "svd"}) {
    RidgeParams params;
    params.solver = solver;
    params.alpha = 1.5;
    Ridge a(params), b(params), c(params);
    mlkit::FitOptions opts;
    opts.sample_weight = w;
    a.fit(X, y, opts);
    b.fit(X2, y2);
    check_close(a.coef(), b.coef(), {1e-12, 1e-14}, "Ridge (invariant)", "weights vs rows");
    check_close(a.intercept(), b.intercept(), {1e-12, 1e-14}, "Ridge (invariant)", "intercept");
    const Matrix Xr = X.colwise().reverse();
    const Vector yr = y.reverse(), wr = w.reverse();
    mlkit::FitOptions opts_r;
    opts_r.sample_weight = wr;
    c.fit(Xr, yr, opts_r);
    check_close(a.coef(), c.coef(), {1e-12, 1e-14}, "Ridge (invariant)", "reversed rows");
  }
}

TEST_CASE("Ridge: one alpha per target equals separate fits", "[ridge][invariant]") {
  const Matrix X = normal(25, 3, 4);
  Matrix Y(25, 2);
  Y << target(X), normal(25, 1, 5);
  RidgeParams params;
  params.alpha = ParamValue::List{0.2, 5.0};
  Ridge both(params);
  both.fit_multi(X, Y);
  for (Index t = 0; t < 2; ++t) {
    RidgeParams one;
    one.alpha = t == 0 ? 0.2 : 5.0;
    Ridge single(one);
    single.fit(X, Y.col(t));
    check_close(Matrix(both.coef().row(t)), single.coef(), {1e-12, 1e-14}, "Ridge (invariant)",
                "per-target coef");
  }
}

TEST_CASE("Ridge: parameter and input errors", "[ridge]") {
  const Matrix X = normal(10, 3, 6);
  const Vector y = target(X);
  Matrix Y(10, 2);
  Y << y, y;
  RidgeParams params;
  params.alpha = ParamValue::List{1.0, 2.0, 3.0};
  CHECK_THROWS_AS(Ridge(params).fit_multi(X, Y), mlkit::InvalidInput);
  params.alpha = ParamValue::List{};
  CHECK_THROWS_AS(Ridge(params).fit(X, y), mlkit::InvalidParameter);
  params.alpha = ParamValue::List{-1.0};
  CHECK_THROWS_AS(Ridge(params).fit(X, y), mlkit::InvalidParameter);
  params.alpha = -0.5;
  CHECK_THROWS_AS(Ridge(params).fit(X, y), mlkit::InvalidParameter);
  RidgeParams pos;
  pos.positive = true;
  pos.solver = "svd";  // positive=True needs the 'auto' solver
  CHECK_THROWS_AS(Ridge(pos).fit(X, y), mlkit::InvalidParameter);
  Ridge est;
  CHECK_THROWS_WITH(est.set_params({{"solver", "sag"}}), Catch::Contains("solver"));
}

TEST_CASE("Ridge: alpha = 0 on a singular Gram matrix falls back from cholesky to svd", "[ridge]") {
  Matrix X = normal(20, 3, 7);
  const Vector y = target(X);
  X.col(2).setZero();
  RidgeParams params;
  params.alpha = 0.0;
  Ridge est(params);
  est.fit(X, y);
  // X'X has an exactly zero row, so its Cholesky factorisation meets a zero pivot and fails on
  // any BLAS. (With merely collinear columns, rounding decides whether a pivot comes out
  // positive, which differs between machines.)
  CHECK(est.solver_used() == "svd");
  params.alpha = 1e-8;
  Ridge small(params);
  small.fit(X, y);
  CHECK(small.solver_used() == "cholesky");
}

TEST_CASE("Ridge: model files round-trip with per-target alphas", "[ridge][serialize]") {
  const Matrix X = normal(15, 3, 8);
  Matrix Y(15, 2);
  Y << target(X), normal(15, 1, 9);
  RidgeParams params;
  params.alpha = ParamValue::List{0.5, 2.0};
  params.solver = "sparse_cg";
  Ridge est(params);
  est.fit_multi(X, Y);
  const auto bytes = mlkit::save_bytes(est, mlkit::ModelEncoding::Binary);
  const auto back = mlkit::load_bytes(bytes);
  CHECK(back->get_params() == est.get_params());
  CHECK(mlkit::test::identical(back->predict_multi(X), est.predict_multi(X)));
  CHECK(static_cast<const Ridge&>(*back).solver_used() == "sparse_cg");
  CHECK(static_cast<const Ridge&>(*back).n_iter() == est.n_iter());
  CHECK(est.n_iter().minCoeff() >= 1);
}
