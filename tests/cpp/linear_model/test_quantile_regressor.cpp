#include <catch2/catch.hpp>
#include <cmath>

#include "mlkit/core/errors.hpp"
#include "mlkit/core/serialize.hpp"
#include "mlkit/core/warnings.hpp"
#include "mlkit/linear_model/quantile_regressor.hpp"
#include "tests/cpp/support/data.hpp"
#include "tests/cpp/support/reference.hpp"

using mlkit::Index;
using mlkit::Matrix;
using mlkit::Vector;
using mlkit::linear_model::QuantileRegressor;
using mlkit::linear_model::QuantileRegressorParams;
using mlkit::test::check_close;
using mlkit::test::ref_matrix;
using mlkit::test::ref_vector;
using mlkit::test::Tolerance;

namespace {

// The LP objective scikit-learn minimises, in its scaling:
// sum_i s_i rho_q(r_i) + alpha (sum_i s_i) ||w||_1.
double objective(const QuantileRegressor& est, const Matrix& X, const Vector& y, const Vector& sw) {
  const double q = est.params().quantile;
  const Vector r = (y - X * est.coef().row(0).transpose()).array() - est.intercept()[0];
  double loss = 0;
  for (Index i = 0; i < r.size(); ++i) loss += sw[i] * (r[i] >= 0 ? q * r[i] : (q - 1) * r[i]);
  return loss + est.params().alpha * sw.sum() * est.coef().cwiseAbs().sum();
}

}  // namespace

TEST_CASE("QuantileRegressor matches scikit-learn on the reference cases", "[quantile][parity]") {
  const auto& cases = mlkit::test::reference_json("quantile.json").at("QuantileRegressor");
  REQUIRE(cases.size() >= 5);
  Index unique = 0, degenerate = 0;
  for (const auto& c : cases) {
    const std::string name = c.at("name");
    const Matrix X = ref_matrix(c.at("X"));
    const Vector y = ref_vector(c.at("y"));
    const Matrix X_test = ref_matrix(c.at("X_test"));
    mlkit::FitOptions opts;
    if (!c.at("sample_weight").is_null()) opts.sample_weight = ref_vector(c.at("sample_weight"));
    const Vector sw = opts.sample_weight.size() ? opts.sample_weight : Vector::Ones(X.rows());
    for (const auto& f : c.at("fits")) {
      const auto& p = f.at("params");
      for (const char* solver : {"highs", "highs-ds", "highs-ipm", "revised simplex"}) {
        const std::string what = name + " " + p.dump() + " " + solver;
        INFO("case " << what);
        QuantileRegressorParams params;
        params.quantile = p.at("quantile");
        params.alpha = p.at("alpha");
        params.fit_intercept = p.at("fit_intercept");
        params.solver = solver;
        QuantileRegressor est(params);
        mlkit::WarningCapture capture;
        est.fit(X, y, opts);
        CHECK(capture.warnings().empty());
        // Every solver reaches the optimal value.
        const double want = f.at("objective");
        check_close(Vector(Vector::Constant(1, objective(est, X, y, sw))),
                    Vector(Vector::Constant(1, want)), {1e-8, 1e-12}, "QuantileRegressor obj",
                    what + " objective");
        if (!f.at("unique").get<bool>()) {
          // A degenerate LP: its optimum is a face (collinear columns, alpha = 0 with p > n), any
          // vertex of which is a correct answer; only the objective value is comparable.
          ++degenerate;
          continue;
        }
        ++unique;
        const Matrix coef = ref_matrix(f.at("coef_")).transpose();
        const double scale = std::max(1.0, coef.cwiseAbs().maxCoeff());
        const Tolerance tol{1e-6, 1e-9 * scale};
        check_close(est.coef(), coef, tol, "QuantileRegressor", what + " coef_");
        check_close(est.intercept(), Vector(Vector::Constant(1, f.at("intercept_").get<double>())),
                    tol, "QuantileRegressor", what + " intercept_");
        check_close(est.predict(X_test), ref_vector(f.at("predict")), tol, "QuantileRegressor",
                    what + " predict");
      }
    }
  }
  CHECK(unique >= 4 * 12);
  CHECK(degenerate >= 4 * 2);
}

TEST_CASE("QuantileRegressor: quantile property, zero and integer weights, model files",
          "[quantile]") {
  const Matrix X = mlkit::test::normal_matrix(201, 2, 7);
  Vector y = X * Vector::LinSpaced(2, 1.0, -1.0);
  const Matrix noise = mlkit::test::normal_matrix(201, 1, 8);
  y += noise.col(0);
  for (const double q : {0.1, 0.5, 0.8}) {
    QuantileRegressorParams p;
    p.quantile = q;
    p.alpha = 0;
    QuantileRegressor est(p);
    est.fit(X, y);
    // At an LP vertex with an intercept, the share of samples below the fit is within p / n
    // of q (Koenker 2005, theorem 2.2).
    const Vector r = y - est.predict(X);
    const double below = (r.array() < -1e-9).cast<double>().mean();
    const double on = (r.array().abs() < 1e-9).cast<double>().mean();
    CHECK(below <= q + 1e-12);
    CHECK(below + on >= q - 1e-12);
    CHECK(est.n_iter() > 0);
  }

  // A weight of 0 is a dropped row; a weight of 2 a repeated row.
  QuantileRegressorParams p;
  p.quantile = 0.7;
  p.alpha = 0.01;
  Vector w = Vector::Ones(201);
  w.head(50).setZero();
  w.segment(50, 20).setConstant(2.0);
  mlkit::FitOptions opts;
  opts.sample_weight = w;
  QuantileRegressor weighted(p);
  weighted.fit(X, y, opts);
  Matrix Xr(171, 2);
  Vector yr(171);
  Index k = 0;
  for (Index i = 50; i < 201; ++i) {
    Xr.row(k) = X.row(i), yr[k++] = y[i];
    if (i < 70) Xr.row(k) = X.row(i), yr[k++] = y[i];
  }
  REQUIRE(k == 171);
  QuantileRegressor repeated(p);
  repeated.fit(Xr, yr);
  check_close(weighted.coef(), repeated.coef(), {1e-9, 1e-10}, "QuantileRegressor",
              "weights vs repeated rows");
  check_close(weighted.intercept(), repeated.intercept(), {1e-9, 1e-10}, "QuantileRegressor",
              "weights vs repeated rows");

  // A large penalty zeroes every coefficient, leaving a q-quantile of y as the intercept.
  p.alpha = 100;
  QuantileRegressor flat(p);
  flat.fit(X, y);
  CHECK(flat.coef().cwiseAbs().maxCoeff() == 0.0);
  const double below = (y.array() < flat.intercept()[0] - 1e-9).cast<double>().mean();
  CHECK(std::abs(below - 0.7) <= 1.0 / 201 + 1e-12);

  // Model files keep the fit.
  const auto bytes = mlkit::save_bytes(weighted, mlkit::ModelEncoding::Binary);
  const auto loaded = mlkit::load_bytes(bytes);
  CHECK(loaded->predict(X) == weighted.predict(X));
}

TEST_CASE("QuantileRegressor rejects bad parameters and input", "[quantile]") {
  const Matrix X = mlkit::test::normal_matrix(20, 3, 1);
  const Vector y = X.col(0);
  auto fit_with = [&](auto set) {
    QuantileRegressor est;
    mlkit::ParamMap m;
    set(m);
    est.set_params(m);
    est.fit(X, y);
  };
  for (const double q : {0.0, 1.0, -0.5, 1.5})
    CHECK_THROWS_AS(fit_with([&](mlkit::ParamMap& m) { m["quantile"] = q; }),
                    mlkit::InvalidParameter);
  CHECK_THROWS_WITH(fit_with([](mlkit::ParamMap& m) { m["quantile"] = 1.0; }),
                    "The 'quantile' parameter of QuantileRegressor must be a float in the range "
                    "(0.0, 1.0). Got 1.0 instead.");
  CHECK_THROWS_AS(fit_with([](mlkit::ParamMap& m) { m["alpha"] = -1.0; }), mlkit::InvalidParameter);
  CHECK_THROWS_AS(fit_with([](mlkit::ParamMap& m) { m["solver"] = "simplex"; }),
                  mlkit::InvalidParameter);
  CHECK_THROWS_AS(fit_with([](mlkit::ParamMap& m) { m["solver_options"] = 1.0; }),
                  mlkit::InvalidParameter);
  CHECK_THROWS_WITH(fit_with([](mlkit::ParamMap& m) { m["solver"] = "interior-point"; }),
                    "Solver interior-point is not anymore available in SciPy >= 1.11.0.");
  // A struct filled in C++ is checked too.
  QuantileRegressorParams bad;
  bad.quantile = std::nan("");
  CHECK_THROWS_AS(QuantileRegressor(bad).fit(X, y), mlkit::InvalidParameter);

  QuantileRegressor est;
  Matrix Xn = X;
  Xn(3, 1) = std::nan("");
  CHECK_THROWS_AS(est.fit(Xn, y), mlkit::InvalidInput);
  Xn(3, 1) = HUGE_VAL;
  CHECK_THROWS_AS(est.fit(Xn, y), mlkit::InvalidInput);
  Vector yn = y;
  yn[0] = -HUGE_VAL;
  CHECK_THROWS_AS(est.fit(X, yn), mlkit::InvalidInput);
  CHECK_THROWS_AS(est.fit(Matrix(0, 3), Vector(0)), mlkit::InvalidInput);
  CHECK_THROWS_AS(est.fit(X, Vector(y.head(10))), mlkit::InvalidInput);
  mlkit::FitOptions opts;
  opts.sample_weight = -Vector::Ones(20);
  CHECK_THROWS_AS(est.fit(X, y, opts), mlkit::InvalidInput);
  opts.sample_weight = Vector::Ones(5);
  CHECK_THROWS_AS(est.fit(X, y, opts), mlkit::InvalidInput);
  CHECK_THROWS_AS(est.predict(X), mlkit::NotFitted);
  est.fit(X, y);
  CHECK_THROWS_AS(est.predict(Matrix::Zero(4, 2)), mlkit::InvalidInput);
}
