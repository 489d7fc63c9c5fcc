#include <catch2/catch.hpp>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "mlkit/core/errors.hpp"
#include "mlkit/core/registry.hpp"
#include "mlkit/core/serialize.hpp"
#include "mlkit/linear_model/ridge.hpp"
#include "mlkit/linear_model/ridge_cv.hpp"
#include "tests/cpp/support/data.hpp"
#include "tests/cpp/support/reference.hpp"

using mlkit::Index;
using mlkit::Matrix;
using mlkit::ParamValue;
using mlkit::Vector;
using mlkit::linear_model::Ridge;
using mlkit::linear_model::RidgeCV;
using mlkit::linear_model::RidgeCVParams;
using mlkit::linear_model::RidgeParams;
using mlkit::test::check_close;
using mlkit::test::ref_matrix;
using mlkit::test::ref_vector;
using mlkit::test::Tolerance;

namespace {

Matrix normal(Index n, Index p, std::uint64_t unit) {
  return mlkit::test::normal_matrix(n, p, 20240612, unit);
}

Vector target(const Matrix& X, std::uint64_t unit = 77) {
  const Vector noise = normal(X.rows(), 1, unit).col(0);
  return (X * Vector::LinSpaced(X.cols(), -1.0, 2.0)).array() + 0.5 + 0.8 * noise.array();
}

ParamValue alphas_param(const nlohmann::json& j) {
  ParamValue::List l;
  for (const auto& a : j) l.emplace_back(a.get<double>());
  return l;
}

// Weighted mean squared leave-one-out error by refitting Ridge n times: the definition that the
// closed form computes. The residual of sample i is scaled by sqrt(w_i), as scikit-learn does.
double brute_force_loo(const Matrix& X, const Vector& y, const Vector& w, double alpha,
                       bool fit_intercept) {
  const Index n = X.rows();
  double total = 0;
  for (Index i = 0; i < n; ++i) {
    Matrix Xi(n - 1, X.cols());
    Vector yi(n - 1), wi(n - 1);
    for (Index r = 0, k = 0; r < n; ++r)
      if (r != i) Xi.row(k) = X.row(r), yi[k] = y[r], wi[k] = w[r], ++k;
    RidgeParams params;
    params.alpha = alpha;
    params.fit_intercept = fit_intercept;
    Ridge est(params);
    mlkit::FitOptions opts;
    opts.sample_weight = wi;
    est.fit(Xi, yi, opts);
    const double r = y[i] - est.predict(X.row(i))[0];
    total += w[i] * r * r;
  }
  return total / static_cast<double>(n);
}

}  // namespace

TEST_CASE("RidgeCV matches scikit-learn on the reference cases", "[ridge_cv][parity]") {
  const auto& cases = mlkit::test::reference_json("ridge_cv.json").at("RidgeCV");
  REQUIRE(cases.size() >= 6);
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
      RidgeCVParams params;
      params.alphas = alphas_param(p.at("alphas"));
      params.fit_intercept = p.at("fit_intercept");
      if (!p.at("gcv_mode").is_null()) params.gcv_mode = p.at("gcv_mode").get<std::string>();
      params.store_cv_results = p.at("store_cv_results");
      params.alpha_per_target = p.at("alpha_per_target");
      RidgeCV est(params);
      if (multi)
        est.fit_multi(X, ref_matrix(c.at("y")), opts);
      else
        est.fit(X, ref_vector(c.at("y")), opts);
      ++fits;
      const Tolerance tol{1e-9, 1e-11};
      // The chosen alpha is one of the candidates: equal, not close.
      CHECK(est.alpha() == ref_vector(f.at("alpha_")));
      check_close(est.best_score(), ref_vector(f.at("best_score_")), tol, "RidgeCV",
                  what + " best_score_");
      check_close(est.coef(), ref_matrix(f.at("coef_")), tol, "RidgeCV", what + " coef_");
      check_close(est.intercept(), ref_vector(f.at("intercept_")), tol, "RidgeCV",
                  what + " intercept_");
      check_close(est.predict_multi(X_test), ref_matrix(f.at("predict")), tol, "RidgeCV",
                  what + " predict");
      if (f.contains("cv_results_"))
        check_close(est.cv_results(), ref_matrix(f.at("cv_results_")), tol, "RidgeCV",
                    what + " cv_results_");
      else
        CHECK(est.cv_results().size() == 0);
    }
  }
  CHECK(fits >= 15);
}

TEST_CASE("RidgeCV: the closed-form leave-one-out error equals refitting without each sample",
          "[ridge_cv][invariant]") {
  const std::vector<double> alphas{0.01, 0.5, 20.0};
  for (const auto& [n, p] : {std::pair<Index, Index>{25, 4}, {9, 14}}) {
    const Matrix X = normal(n, p, 1);
    const Vector y = target(X);
    const Vector w = (normal(n, 1, 2).col(0).array().abs() + 0.3).matrix();
    for (const bool intercept : {true, false}) {
      for (const char* mode : {"svd", "eigen"}) {
        INFO("n " << n << " p " << p << " intercept " << intercept << " mode " << mode);
        RidgeCVParams params;
        params.alphas = ParamValue::List(alphas.begin(), alphas.end());
        params.fit_intercept = intercept;
        params.gcv_mode = mode;
        params.store_cv_results = true;
        RidgeCV est(params);
        mlkit::FitOptions opts;
        opts.sample_weight = w;
        est.fit(X, y, opts);
        for (Index a = 0; a < 3; ++a) {
          const double brute =
              brute_force_loo(X, y, w, alphas[static_cast<std::size_t>(a)], intercept);
          CHECK(est.cv_results().col(a).mean() == Approx(brute).epsilon(1e-9));
        }
        // The kept model is Ridge at the chosen alpha.
        RidgeParams rp;
        rp.alpha = est.alpha()[0];
        rp.fit_intercept = intercept;
        Ridge ridge(rp);
        ridge.fit(X, y, opts);
        check_close(est.coef(), ridge.coef(), {1e-9, 1e-11}, "RidgeCV (invariant)", "coef");
        check_close(est.intercept(), ridge.intercept(), {1e-9, 1e-11}, "RidgeCV (invariant)",
                    "intercept");
      }
    }
  }
}

TEST_CASE("RidgeCV: alpha_per_target chooses each target's alpha on its own",
          "[ridge_cv][invariant]") {
  const Matrix X = normal(30, 3, 3);
  Matrix Y(30, 2);
  Y << target(X, 5), 0.01 * target(X, 6) + 3.0 * normal(30, 1, 7);
  RidgeCVParams params;
  params.alphas = ParamValue::List{0.001, 0.1, 10.0, 1000.0};
  params.alpha_per_target = true;
  RidgeCV both(params);
  both.fit_multi(X, Y);
  REQUIRE(both.alpha().size() == 2);
  for (Index t = 0; t < 2; ++t) {
    RidgeCV one(params);
    one.fit(X, Y.col(t));
    REQUIRE(one.alpha().size() == 1);
    CHECK(one.alpha()[0] == both.alpha()[t]);
    CHECK(one.best_score()[0] == Approx(both.best_score()[t]).epsilon(1e-12));
    check_close(Matrix(both.coef().row(t)), one.coef(), {1e-12, 1e-14}, "RidgeCV (invariant)",
                "per-target coef");
  }
}

TEST_CASE("RidgeCV: parameter errors", "[ridge_cv]") {
  const Matrix X = normal(10, 3, 8);
  const Vector y = target(X);
  RidgeCVParams params;
  params.alphas = ParamValue::List{1.0, 0.0};
  CHECK_THROWS_WITH(RidgeCV(params).fit(X, y), Catch::Contains("alphas[1]"));
  params.alphas = ParamValue::List{};
  CHECK_THROWS_AS(RidgeCV(params).fit(X, y), mlkit::InvalidParameter);
  params.alphas = 0.0;
  CHECK_THROWS_AS(RidgeCV(params).fit(X, y), mlkit::InvalidParameter);
  RidgeCV est;
  CHECK_THROWS_AS(est.set_params({{"gcv_mode", "cholesky"}}), mlkit::InvalidParameter);
}

TEST_CASE("RidgeCV: model files keep alpha_, best_score_ and the 3-D cv_results_",
          "[ridge_cv][serialize]") {
  const Matrix X = normal(12, 3, 9);
  Matrix Y(12, 2);
  Y << target(X), normal(12, 1, 10);
  RidgeCVParams params;
  params.alpha_per_target = true;
  params.store_cv_results = true;
  RidgeCV est(params);
  est.fit_multi(X, Y);
  const nlohmann::json doc = mlkit::to_document(est);
  CHECK(doc.at("state").at("cv_results_").at("shape") == nlohmann::json({12, 2, 3}));
  CHECK(doc.at("state").at("alpha_").is_array());
  // Loading goes through the registry, which lists ridge_cv once it is registered.
  const bool registered = mlkit::Registry::global().find("ridge_cv") != nullptr;
  if (!registered) WARN("ridge_cv is not registered: the load half of this test is skipped");
  for (auto enc : {mlkit::ModelEncoding::Json, mlkit::ModelEncoding::Binary}) {
    if (!registered) break;
    const auto back = mlkit::load_bytes(mlkit::save_bytes(est, enc));
    const auto& r = static_cast<const RidgeCV&>(*back);
    CHECK(r.alpha() == est.alpha());
    CHECK(r.best_score() == est.best_score());
    CHECK(r.cv_results() == est.cv_results());
    CHECK(mlkit::test::identical(r.predict_multi(X), est.predict_multi(X)));
  }
  RidgeCV single;
  single.fit(X, Y.col(0));
  const nlohmann::json one = mlkit::to_document(single);
  CHECK(one.at("state").at("alpha_").is_number());
  CHECK(one.at("state").at("best_score_").is_number());
  CHECK(!one.at("state").contains("cv_results_"));
}
