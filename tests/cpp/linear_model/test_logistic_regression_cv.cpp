#include <catch2/catch.hpp>
#include <cmath>

#include "mlkit/core/errors.hpp"
#include "mlkit/core/serialize.hpp"
#include "mlkit/core/warnings.hpp"
#include "mlkit/linear_model/logistic_regression.hpp"
#include "mlkit/linear_model/logistic_regression_cv.hpp"
#include "tests/cpp/support/data.hpp"
#include "tests/cpp/support/reference.hpp"

using mlkit::Index;
using mlkit::Matrix;
using mlkit::ParamValue;
using mlkit::Vector;
using mlkit::linear_model::LogisticRegressionCV;
using mlkit::linear_model::LogisticRegressionCVParams;
using mlkit::test::check_close;
using mlkit::test::ref_matrix;
using mlkit::test::ref_vector;
using mlkit::test::Tolerance;

namespace {

ParamValue number_list(const nlohmann::json& j) {
  ParamValue::List l;
  for (const auto& v : j) l.emplace_back(v.get<double>());
  return l;
}

LogisticRegressionCVParams from_reference(const nlohmann::json& p) {
  LogisticRegressionCVParams params;
  params.Cs = p.at("Cs").is_array() ? number_list(p.at("Cs")) : ParamValue(p.at("Cs").get<int>());
  if (p.at("l1_ratios").is_null())
    params.l1_ratios = ParamValue();
  else
    params.l1_ratios = number_list(p.at("l1_ratios"));
  params.solver = p.at("solver");
  if (p.at("scoring").is_null())
    params.scoring = std::nullopt;
  else
    params.scoring = p.at("scoring").get<std::string>();
  params.refit = p.at("refit");
  if (!p.at("cv").is_null()) params.cv = p.at("cv").get<int>();
  if (p.at("class_weight").is_string()) params.class_weight = "balanced";
  params.fit_intercept = p.at("fit_intercept");
  params.tol = params.solver == "saga" ? 1e-12 : p.at("tol").get<double>();
  params.max_iter = params.solver == "saga" ? 1000 : 20000;
  params.use_legacy_attributes = false;
  return params;
}

Tolerance normwise(const Matrix& expected) {
  return {1e-6, 1e-6 * std::max(1.0, expected.cwiseAbs().maxCoeff())};
}

}  // namespace

TEST_CASE("LogisticRegressionCV matches scikit-learn on the reference cases",
          "[logistic_regression_cv][parity]") {
  const auto& cases = mlkit::test::reference_json("logistic_cv.json").at("LogisticRegressionCV");
  REQUIRE(cases.size() >= 3);
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
      LogisticRegressionCV est(from_reference(p));
      mlkit::WarningCapture capture;
      est.fit(X, y, opts);
      ++fits;
      CHECK(capture.warnings().empty());
      check_close(est.Cs(), ref_vector(f.at("Cs_")), {1e-15, 0}, "LogisticRegressionCV",
                  what + " Cs_");
      // The scores decide the choice: accuracies are equal, log-losses agree to rounding.
      const bool accuracy = p.at("scoring").is_null();
      check_close(est.scores(), ref_vector(f.at("scores_")),
                  accuracy ? Tolerance{0, 0} : Tolerance{1e-7, 1e-9}, "LogisticRegressionCV",
                  what + " scores_");
      CHECK(est.C() == Approx(f.at("C_").get<double>()).epsilon(1e-12));
      CHECK(est.l1_ratio() == Approx(f.at("l1_ratio_").get<double>()).margin(1e-12));
      const Vector paths = ref_vector(f.at("coefs_paths_"));
      const Matrix mine = est.coefs_paths();
      REQUIRE(mine.size() == paths.size());
      const Vector flat = Eigen::Map<const Vector>(mine.data(), mine.size());
      check_close(flat, paths, normwise(paths), "LogisticRegressionCV", what + " coefs_paths_");
      const Matrix coef = ref_matrix(f.at("coef_"));
      check_close(est.coef(), coef, normwise(coef), "LogisticRegressionCV", what + " coef_");
      check_close(est.intercept(), ref_vector(f.at("intercept_")), normwise(coef),
                  "LogisticRegressionCV", what + " intercept_");
      check_close(est.predict_proba(X_test), ref_matrix(f.at("predict_proba")), {1e-6, 1e-7},
                  "LogisticRegressionCV", what + " predict_proba");
      check_close(est.predict(X_test), ref_vector(f.at("predict")), {0, 0}, "LogisticRegressionCV",
                  what + " predict");
    }
  }
  CHECK(fits >= 9);
}

TEST_CASE("LogisticRegressionCV: the refit equals LogisticRegression at C_; threads; files",
          "[logistic_regression_cv][invariant]") {
  const Matrix X = mlkit::test::normal_matrix(700, 4, 31);
  Vector y(700);
  for (Index i = 0; i < 700; ++i) y[i] = X(i, 0) - X(i, 1) + 0.8 * std::sin(7.0 * i) > 0 ? 1 : 0;
  LogisticRegressionCVParams p;
  p.Cs = 6;
  p.scoring = "neg_log_loss";
  p.tol = 1e-10;
  p.max_iter = 10000;
  Matrix first;
  for (int threads : {1, 2}) {
    p.n_jobs = threads;
    LogisticRegressionCV est(p);
    est.fit(X, y);
    const Matrix out = mlkit::test::outputs(est, X);
    if (threads == 1)
      first = out;
    else
      CHECK(mlkit::test::identical(out, first));
    mlkit::linear_model::LogisticRegressionParams lp;
    lp.C = est.C();
    lp.tol = 1e-10;
    lp.max_iter = 10000;
    mlkit::linear_model::LogisticRegression plain(lp);
    plain.fit(X, y);
    check_close(est.coef(), plain.coef(), {1e-6, 1e-8}, "LogisticRegressionCV", "refit coef_");
    // A model file round trip keeps every attribute.
    const auto back = mlkit::from_document(mlkit::to_document(est));
    const auto& b = static_cast<const LogisticRegressionCV&>(*back);
    CHECK(mlkit::test::identical(b.coefs_paths(), est.coefs_paths()));
    CHECK(mlkit::test::identical(b.scores(), est.scores()));
    CHECK(b.C() == est.C());
  }
}

TEST_CASE("LogisticRegressionCV: bad parameters and model files are refused",
          "[logistic_regression_cv][errors]") {
  const Matrix X = mlkit::test::normal_matrix(40, 3, 32);
  Vector y(40);
  for (Index i = 0; i < 40; ++i) y[i] = i % 2;
  auto fails = [&](LogisticRegressionCVParams p, const char* text) {
    MLKIT_CHECK_THROWS(LogisticRegressionCV(p).fit(X, y), mlkit::InvalidParameter,
                       Catch::Matchers::Contains(text));
  };
  LogisticRegressionCVParams p;
  p.l1_ratios = ParamValue::List{1.0};
  fails(p, "Solver lbfgs supports only 'l2' or None penalties, got l1");
  p.solver = "saga";
  p.l1_ratios = ParamValue::List{0.5, 1.5};
  fails(p, "l1_ratios must be an array-like of numbers between 0 and 1");
  p = {};
  p.penalty = "elasticnet";
  p.solver = "saga";
  p.l1_ratios = ParamValue();
  fails(p, "got (l1_ratios=None)");
  p = {};
  p.use_legacy_attributes = true;
  fails(p, "use_legacy_attributes=True is not supported");
  p = {};
  p.Cs = ParamValue::List{1.0, -1.0};
  fails(p, "must hold floats > 0");
  MLKIT_CHECK_THROWS(LogisticRegressionCV().fit(X, Vector::Constant(40, 2.0)), mlkit::InvalidInput,
                     Catch::Matchers::Contains("only one class"));

  LogisticRegressionCV est;
  est.fit(X, y);
  const auto doc = mlkit::to_document(est);
  auto expect_bad = [](nlohmann::json d) {
    CHECK_THROWS_AS(mlkit::from_document(d), mlkit::ModelFormatError);
  };
  auto d1 = doc;
  d1["state"]["scores_"]["shape"] = {5, 1, 3};
  expect_bad(d1);
  auto d2 = doc;
  d2["state"]["coefs_paths_"]["data"].erase(0);
  expect_bad(d2);
  auto d3 = doc;
  d3["state"]["l1_ratio_"] = 2.0;
  expect_bad(d3);
  auto d4 = doc;
  d4["state"].erase("Cs_");
  expect_bad(d4);
  CHECK_NOTHROW(mlkit::from_document(doc));
}
