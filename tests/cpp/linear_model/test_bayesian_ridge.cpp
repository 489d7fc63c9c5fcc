#include <catch2/catch.hpp>
#include <string>

#include "mlkit/core/errors.hpp"
#include "mlkit/linear_model/bayesian_ridge.hpp"
#include "tests/cpp/support/data.hpp"
#include "tests/cpp/support/reference.hpp"

using mlkit::Index;
using mlkit::Matrix;
using mlkit::Vector;
using mlkit::linear_model::BayesianRidge;
using mlkit::linear_model::BayesianRidgeParams;
using mlkit::test::check_close;
using mlkit::test::ref_matrix;
using mlkit::test::ref_vector;
using mlkit::test::Tolerance;

namespace {
double opt_number(const nlohmann::json& j) { return j.get<double>(); }
}  // namespace

TEST_CASE("BayesianRidge matches scikit-learn on the reference cases", "[bayesian_ridge][parity]") {
  const auto& cases = mlkit::test::reference_json("bayesian_ridge.json").at("BayesianRidge");
  REQUIRE(cases.size() >= 4);
  Index fits = 0;
  for (const auto& c : cases) {
    const std::string name = c.at("name");
    const Matrix X = ref_matrix(c.at("X"));
    const Vector y = ref_vector(c.at("y"));
    const Matrix X_test = ref_matrix(c.at("X_test"));
    mlkit::FitOptions opts;
    opts.sample_weight = ref_vector(c.at("sample_weight"));
    for (const auto& f : c.at("fits")) {
      const auto& p = f.at("params");
      const std::string what = name + " " + p.dump();
      INFO("case " << what);
      BayesianRidgeParams params;
      params.max_iter = p.at("max_iter");
      params.tol = p.at("tol");
      params.alpha_1 = p.at("alpha_1");
      params.alpha_2 = p.at("alpha_2");
      params.lambda_1 = p.at("lambda_1");
      params.lambda_2 = p.at("lambda_2");
      if (!p.at("alpha_init").is_null()) params.alpha_init = opt_number(p.at("alpha_init"));
      if (!p.at("lambda_init").is_null()) params.lambda_init = opt_number(p.at("lambda_init"));
      params.compute_score = p.at("compute_score");
      params.fit_intercept = p.at("fit_intercept");
      BayesianRidge est(params);
      est.fit(X, y, opts);
      ++fits;
      // The iteration is the same fixed-point map from the same start; the eigendecomposition
      // of XᵀX (n > p) and scikit-learn's SVD differ in the last bits, which the map amplifies
      // mildly over its iterations.
      const Tolerance tol{1e-8, 1e-10};
      CHECK(est.n_iter() == f.at("n_iter_").get<Index>());
      check_close(est.coef(), ref_vector(f.at("coef_")), tol, "BayesianRidge", what + " coef_");
      check_close(Vector(Vector::Constant(1, est.intercept())),
                  Vector(Vector::Constant(1, f.at("intercept_").get<double>())), tol,
                  "BayesianRidge", what + " intercept_");
      check_close(Vector(Vector::Constant(1, est.alpha())),
                  Vector(Vector::Constant(1, f.at("alpha_").get<double>())), tol, "BayesianRidge",
                  what + " alpha_");
      check_close(Vector(Vector::Constant(1, est.lambda())),
                  Vector(Vector::Constant(1, f.at("lambda_").get<double>())), tol, "BayesianRidge",
                  what + " lambda_");
      check_close(est.sigma(), ref_matrix(f.at("sigma_")), tol, "BayesianRidge", what + " sigma_");
      if (params.compute_score)
        check_close(est.scores(), ref_vector(f.at("scores_")), tol, "BayesianRidge",
                    what + " scores_");
      check_close(est.predict(X_test), ref_vector(f.at("predict")), tol, "BayesianRidge",
                  what + " predict");
    }
  }
  CHECK(fits >= 20);
}

TEST_CASE("BayesianRidge: weight 2 equals a duplicated row", "[bayesian_ridge][invariant]") {
  const Matrix X = mlkit::test::normal_matrix(30, 4, 31);
  Vector y = X * Vector::LinSpaced(4, -1.0, 2.0);
  y.array() += 0.4 * mlkit::test::normal_matrix(30, 1, 32).col(0).array();
  Matrix Xd(31, 4);
  Xd << X, X.row(3);
  Vector yd(31);
  yd << y, y[3];
  mlkit::FitOptions opts;
  opts.sample_weight = Vector::Ones(30);
  opts.sample_weight[3] = 2.0;
  BayesianRidge a, b;
  a.fit(X, y, opts);
  b.fit(Xd, yd);
  check_close(a.coef(), b.coef(), {1e-9, 1e-11}, "BayesianRidge", "coef_");
  CHECK(a.alpha() == Approx(b.alpha()).epsilon(1e-9));
  CHECK(a.lambda() == Approx(b.lambda()).epsilon(1e-9));
}

TEST_CASE("BayesianRidge: a constant target gives zero coefficients, as scikit-learn",
          "[bayesian_ridge][invariant]") {
  const Matrix X = mlkit::test::normal_matrix(20, 3, 33);
  BayesianRidge est;
  est.fit(X, Vector::Constant(20, 2.0));
  CHECK(est.coef().cwiseAbs().maxCoeff() == 0.0);
  CHECK(est.intercept() == 2.0);
  CHECK(std::isfinite(est.alpha()));
}
