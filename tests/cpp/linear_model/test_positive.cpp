// positive=True of LinearRegression and Ridge, and the normal-equation path of both.
#include <catch2/catch.hpp>
#include <string>

#include "mlkit/core/context.hpp"
#include "mlkit/linear_model/linear_regression.hpp"
#include "mlkit/linear_model/ridge.hpp"
#include "tests/cpp/support/data.hpp"
#include "tests/cpp/support/reference.hpp"

using mlkit::Index;
using mlkit::Matrix;
using mlkit::Vector;
using mlkit::linear_model::LinearRegression;
using mlkit::linear_model::LinearRegressionParams;
using mlkit::linear_model::Ridge;
using mlkit::linear_model::RidgeParams;
using mlkit::test::check_close;
using mlkit::test::ref_matrix;
using mlkit::test::ref_vector;
using mlkit::test::Tolerance;

TEST_CASE("positive=True matches scikit-learn", "[linear_regression][ridge][positive][parity]") {
  const auto& cases = mlkit::test::reference_json("linear_positive.json").at("positive");
  REQUIRE(cases.size() >= 4);
  Index fits = 0;
  for (const auto& c : cases) {
    const std::string name = c.at("name");
    const Matrix X = ref_matrix(c.at("X"));
    const Matrix X_test = ref_matrix(c.at("X_test"));
    const Matrix Y =
        c.at("y").front().is_array() ? ref_matrix(c.at("y")) : Matrix(ref_vector(c.at("y")));
    mlkit::FitOptions opts;
    opts.sample_weight = ref_vector(c.at("sample_weight"));
    for (const auto& f : c.at("fits")) {
      const std::string kind = f.at("estimator");
      const std::string what = name + " " + kind + " " + f.at("params").dump();
      INFO("case " << what);
      std::unique_ptr<mlkit::Estimator> est;
      Tolerance tol;
      if (kind == "LinearRegression") {
        LinearRegressionParams p;
        p.positive = true;
        p.fit_intercept = f.at("params").at("fit_intercept");
        est = std::make_unique<LinearRegression>(p);
        tol = {1e-10, 1e-12};  // both exact active-set methods
      } else {
        RidgeParams p;
        p.positive = true;
        p.alpha = f.at("params").at("alpha").get<double>();
        p.fit_intercept = f.at("params").at("fit_intercept");
        est = std::make_unique<Ridge>(p);
        tol = {1e-6, 1e-8};  // scikit-learn's L-BFGS-B reaches the minimiser to about 1e-7
      }
      est->fit_multi(X, Y, opts);
      ++fits;
      const Matrix coef = kind == "LinearRegression" ? static_cast<LinearRegression&>(*est).coef()
                                                     : static_cast<Ridge&>(*est).coef();
      CHECK((coef.array() >= 0.0).all());
      check_close(coef, ref_matrix(f.at("coef_")), tol, kind, what + " coef_");
      check_close(est->predict_multi(X_test), ref_matrix(f.at("predict")), tol, kind,
                  what + " predict");
    }
  }
  CHECK(fits >= 15);
}

TEST_CASE("positive=True: the KKT conditions hold", "[linear_regression][positive][invariant]") {
  const Matrix X = mlkit::test::normal_matrix(80, 10, 21);
  Vector y = X * Vector::LinSpaced(10, -2.0, 2.0);
  y.array() += 0.1 * mlkit::test::normal_matrix(80, 1, 22).col(0).array();
  LinearRegressionParams p;
  p.positive = true;
  LinearRegression est(p);
  est.fit(X, y);
  const Vector b = est.coef().row(0).transpose();
  // Centred problem: gradient g = Xcᵀ (Xc b − yc) is 0 where b > 0 and >= 0 where b = 0.
  Matrix Xc = X.rowwise() - X.colwise().mean();
  const Vector yc = y.array() - y.mean();
  const Vector g = Xc.transpose() * (Xc * b - yc);
  Index zeros = 0;
  for (Index j = 0; j < 10; ++j) {
    CHECK(b[j] >= 0.0);
    if (b[j] > 0.0) {
      CHECK(std::abs(g[j]) < 1e-9);
    } else {
      CHECK(g[j] > -1e-9);
      ++zeros;
    }
  }
  CHECK(zeros >= 3);  // the coefficients with a negative true value are clamped at 0
}

TEST_CASE("The normal-equation path: the same for any thread count, equal to QR",
          "[linear_regression][ridge][invariant]") {
  // 70,000 rows: several row blocks of the parallel Gram pass.
  const Matrix X = mlkit::test::normal_matrix(70000, 6, 23);
  Vector y = X * Vector::LinSpaced(6, -1.0, 1.5);
  y.array() += 0.3 + 0.2 * mlkit::test::normal_matrix(70000, 1, 24).col(0).array();
  mlkit::FitOptions opts;
  opts.sample_weight = (mlkit::test::normal_matrix(70000, 1, 25).col(0).array().abs() + 0.1);
  const int before = mlkit::get_num_threads();
  Matrix coef1, coef2, rcoef1, rcoef2;
  for (int threads : {1, 2}) {
    mlkit::set_num_threads(threads);
    LinearRegression lr;
    lr.fit(X, y, opts);
    Ridge rr;
    rr.fit(X, y, opts);
    (threads == 1 ? coef1 : coef2) = lr.coef();
    (threads == 1 ? rcoef1 : rcoef2) = rr.coef();
  }
  mlkit::set_num_threads(before);
  CHECK(mlkit::test::identical(coef1, coef2));
  CHECK(mlkit::test::identical(rcoef1, rcoef2));
  // Against the QR route: a problem with a constant column added is rank-deficient, so it takes
  // the QR-then-SVD path; its other coefficients must be the same.
  Matrix Xr(X.rows(), 7);
  Xr << X, Matrix::Constant(X.rows(), 1, 2.0);
  LinearRegression qr;
  qr.fit(Xr, y, opts);
  CHECK(qr.rank() == 6);
  check_close(Matrix(qr.coef().leftCols(6)), coef1, {1e-10, 1e-12}, "LinearRegression",
              "Gram vs QR");
}
