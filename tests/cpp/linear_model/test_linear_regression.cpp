#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

#include "mlkit/core/errors.hpp"
#include "mlkit/core/random.hpp"
#include "mlkit/linear_model/linear_regression.hpp"
#include "tests/cpp/support/data.hpp"
#include "tests/cpp/support/reference.hpp"

using mlkit::Index;
using mlkit::Matrix;
using mlkit::Vector;
using mlkit::linear_model::LinearRegression;
using mlkit::linear_model::LinearRegressionParams;
using mlkit::test::check_close;
using mlkit::test::ref_matrix;
using mlkit::test::ref_vector;
using mlkit::test::Tolerance;

namespace {

constexpr double kEps = std::numeric_limits<double>::epsilon();

Matrix normal(Index n, Index p, std::uint64_t unit) {
  return mlkit::test::normal_matrix(n, p, 20240607, unit);
}

// A noisy linear target for X.
Vector target(const Matrix& X) {
  const Vector noise = normal(X.rows(), 1, 77).col(0);
  return (X * Vector::LinSpaced(X.cols(), -1.0, 2.0)).array() + 0.5 + 0.1 * noise.array();
}

// Rows of X in the order given.
Matrix take_rows(const Matrix& X, const std::vector<Index>& rows) {
  Matrix out(static_cast<Index>(rows.size()), X.cols());
  for (Index i = 0; i < out.rows(); ++i) out.row(i) = X.row(rows[static_cast<std::size_t>(i)]);
  return out;
}

Vector take(const Vector& v, const std::vector<Index>& rows) {
  Vector out(static_cast<Index>(rows.size()));
  for (Index i = 0; i < out.size(); ++i) out[i] = v[rows[static_cast<std::size_t>(i)]];
  return out;
}

}  // namespace

TEST_CASE("LinearRegression matches scikit-learn on the reference cases",
          "[linear_regression][parity]") {
  const auto& cases = mlkit::test::reference_json("linear_models.json").at("LinearRegression");
  REQUIRE(cases.size() >= 9);
  for (const auto& c : cases) {
    const std::string name = c.at("name");
    INFO("case " << name);
    LinearRegressionParams params;
    params.fit_intercept = c.at("params").at("fit_intercept");
    params.tol = c.at("params").at("tol");
    LinearRegression est(params);
    const Matrix X = ref_matrix(c.at("X"));
    const Matrix X_test = ref_matrix(c.at("X_test"));
    mlkit::FitOptions opts;
    opts.sample_weight = ref_vector(c.at("sample_weight"));
    // A flat y is one target (fit); a list of rows is several (fit_multi).
    const bool multi = c.at("y").front().is_array();
    if (multi)
      est.fit_multi(X, ref_matrix(c.at("y")), opts);
    else
      est.fit(X, ref_vector(c.at("y")), opts);

    const Vector singular = ref_vector(c.at("singular_"));
    // Singular values that are zero in exact arithmetic come out as rounding noise of size
    // ε · σ_max (Weyl's inequality bounds any backward-stable SVD by that), so the floor for
    // them scales with σ_max.
    Tolerance tol;
    Tolerance tol_singular{1e-10, 1e-12 * std::max(1.0, singular.size() ? singular[0] : 0.0)};
    if (c.contains("condition_number")) {
      // Ill-conditioned X (κ = σ_max / σ_min ≈ 5e5). A backward-stable least-squares solver
      // has a relative forward error of order ε · (κ + κ² ‖r‖ / (‖X‖ ‖b‖)); the residual here is
      // ~1e-6, so the κ term dominates: two correct solvers (scipy's gelsd, mlkit's QR + SVD)
      // may differ by ~κ ε ≈ 1e-10 normwise. Allow 100 κ ε ≈ 1e-8, relative to the largest
      // value of each array, since the bound is normwise and not per element.
      const double kappa = c.at("condition_number");
      REQUIRE(kappa > 1e5);
      tol.rtol = 100 * kappa * kEps;
    }
    auto normwise = [&](const Matrix& expected) {
      if (!c.contains("condition_number")) return tol;
      return Tolerance{tol.rtol, tol.rtol * std::max(1.0, expected.cwiseAbs().maxCoeff())};
    };

    const Matrix coef = ref_matrix(c.at("coef_"));
    const Vector intercept = ref_vector(c.at("intercept_"));
    const Matrix pred = ref_matrix(c.at("predict"));
    CHECK(est.rank() == c.at("rank_").get<Index>());
    check_close(est.singular(), singular, tol_singular, "LinearRegression", name + " singular_");
    check_close(est.coef(), coef, normwise(coef), "LinearRegression", name + " coef_");
    check_close(est.intercept(), intercept, normwise(intercept), "LinearRegression",
                name + " intercept_");
    check_close(est.predict_multi(X_test), pred, normwise(pred), "LinearRegression",
                name + " predict");
    if (!multi)
      check_close(est.predict(X_test), Vector(pred.col(0)), normwise(pred), "LinearRegression",
                  name + " predict (one target)");
  }
}

TEST_CASE("LinearRegression: permuting the rows gives the same fit",
          "[linear_regression][invariant]") {
  const Matrix X = normal(40, 4, 1);
  const Vector y = target(X);
  std::vector<Index> order(40);
  std::iota(order.begin(), order.end(), 0);
  std::reverse(order.begin(), order.end());
  std::swap(order[3], order[17]);
  LinearRegression a, b;
  a.fit(X, y);
  b.fit(take_rows(X, order), take(y, order));
  check_close(b.coef(), a.coef(), {}, "invariant", "coef_");
  check_close(b.intercept(), a.intercept(), {}, "invariant", "intercept_");
  check_close(b.singular(), a.singular(), {}, "invariant", "singular_");
  CHECK(b.rank() == a.rank());
}

TEST_CASE("LinearRegression: integer weight 2 equals duplicating the rows",
          "[linear_regression][invariant]") {
  const Matrix X = normal(30, 3, 2);
  const Vector y = target(X);
  std::vector<Index> rows(30);
  std::iota(rows.begin(), rows.end(), 0);
  mlkit::FitOptions opts;
  opts.sample_weight = Vector::Ones(30);
  for (Index i : {0, 4, 5, 11, 29}) {
    opts.sample_weight[i] = 2.0;
    rows.push_back(i);
  }
  LinearRegression weighted, duplicated;
  weighted.fit(X, y, opts);
  duplicated.fit(take_rows(X, rows), take(y, rows));
  check_close(weighted.coef(), duplicated.coef(), {}, "invariant", "coef_");
  check_close(weighted.intercept(), duplicated.intercept(), {}, "invariant", "intercept_");
  // Xᵀ W X is the same matrix either way, so the singular values agree too.
  check_close(weighted.singular(), duplicated.singular(), {}, "invariant", "singular_");
}

TEST_CASE("LinearRegression: scaling every weight by a constant changes nothing",
          "[linear_regression][invariant]") {
  const Matrix X = normal(25, 3, 3);
  const Vector y = target(X);
  mlkit::FitOptions opts;
  opts.sample_weight = (normal(25, 1, 4).col(0).array().abs() + 0.1).matrix();
  for (bool fit_intercept : {true, false}) {
    INFO("fit_intercept " << fit_intercept);
    LinearRegressionParams params;
    params.fit_intercept = fit_intercept;
    LinearRegression a(params), b(params);
    a.fit(X, y, opts);
    mlkit::FitOptions scaled = opts;
    scaled.sample_weight *= 37.5;
    b.fit(X, y, scaled);
    check_close(b.coef(), a.coef(), {}, "invariant", "coef_");
    check_close(b.intercept(), a.intercept(), {}, "invariant", "intercept_");
    // The weighted X is scaled by sqrt(37.5), and so are its singular values.
    check_close(b.singular(), std::sqrt(37.5) * a.singular(), {}, "invariant", "singular_");
  }
}

TEST_CASE("LinearRegression rejects bad input", "[linear_regression][errors]") {
  const Matrix X = normal(10, 3, 5);
  const Vector y = target(X);
  LinearRegression est;

  SECTION("NaN in X") {
    Matrix bad = X;
    bad(4, 1) = std::numeric_limits<double>::quiet_NaN();
    CHECK_THROWS_AS(est.fit(bad, y), mlkit::InvalidInput);
    CHECK_FALSE(est.fitted());
  }
  SECTION("NaN in y") {
    Vector bad = y;
    bad[2] = std::numeric_limits<double>::quiet_NaN();
    CHECK_THROWS_AS(est.fit(X, bad), mlkit::InvalidInput);
  }
  SECTION("negative sample weight") {
    mlkit::FitOptions opts;
    opts.sample_weight = Vector::Ones(10);
    opts.sample_weight[7] = -0.5;
    CHECK_THROWS_AS(est.fit(X, y, opts), mlkit::InvalidInput);
    CHECK_FALSE(est.fitted());
  }
  SECTION("sample weight of the wrong length") {
    mlkit::FitOptions opts;
    opts.sample_weight = Vector::Ones(9);
    CHECK_THROWS_AS(est.fit(X, y, opts), mlkit::InvalidInput);
  }
  SECTION("wrong feature count at predict") {
    est.fit(X, y);
    CHECK_THROWS_AS(est.predict(normal(4, 2, 6)), mlkit::InvalidInput);
    CHECK_THROWS_AS(est.predict(normal(4, 4, 6)), mlkit::InvalidInput);
    CHECK_THROWS_AS(est.predict_multi(normal(4, 4, 6)), mlkit::InvalidInput);
  }
  SECTION("NaN in X at predict") {
    est.fit(X, y);
    Matrix bad = normal(4, 3, 7);
    bad(0, 0) = std::numeric_limits<double>::quiet_NaN();
    CHECK_THROWS_AS(est.predict(bad), mlkit::InvalidInput);
  }
  SECTION("a failed fit keeps the earlier model") {
    est.fit(X, y);
    const Matrix coef = est.coef();
    Matrix bad = X;
    bad(0, 0) = std::numeric_limits<double>::infinity();
    CHECK_THROWS_AS(est.fit(bad, y), mlkit::InvalidInput);
    CHECK(est.coef() == coef);
  }
}
