#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

#include "mlkit/core/errors.hpp"
#include "mlkit/core/serialize.hpp"
#include "mlkit/core/warnings.hpp"
#include "mlkit/linear_model/logistic_regression.hpp"
#include "tests/cpp/support/data.hpp"
#include "tests/cpp/support/reference.hpp"

using mlkit::Index;
using mlkit::Matrix;
using mlkit::Vector;
using mlkit::linear_model::LogisticRegression;
using mlkit::linear_model::LogisticRegressionParams;
using mlkit::test::check_close;
using mlkit::test::ref_matrix;
using mlkit::test::ref_vector;
using mlkit::test::Tolerance;

namespace {

Matrix normal(Index n, Index p, std::uint64_t unit) {
  return mlkit::test::normal_matrix(n, p, 20241201, unit);
}

// Labels 0..k-1 of a noisy linear rule: not separable, so every fit has an optimum.
Vector labels(const Matrix& X, Index k, std::uint64_t unit) {
  const Matrix W = normal(k, X.cols(), unit);
  const Matrix noise = normal(X.rows(), k, unit + 1);
  const Matrix S = X * W.transpose() + noise;
  Vector y(X.rows());
  for (Index i = 0; i < X.rows(); ++i) {
    Index c = 0;
    if (k == 2)
      c = S(i, 0) > S(i, 1) ? 1 : 0;
    else
      S.row(i).maxCoeff(&c);
    y[i] = static_cast<double>(c);
  }
  return y;
}

// Tolerance of the parity cases: 1e-6 of the largest entry of the quantity, the accuracy at
// which both L-BFGS runs (stopped by the same ftol = 64 eps) reach the optimum.
Tolerance normwise(const Matrix& expected) {
  const double scale = std::max(1.0, expected.cwiseAbs().maxCoeff());
  return {1e-6, 1e-6 * scale};
}

LogisticRegressionParams tight() {
  LogisticRegressionParams p;
  p.tol = 1e-10;
  p.max_iter = 20000;
  return p;
}

}  // namespace

TEST_CASE("LogisticRegression matches scikit-learn on the reference cases",
          "[logistic_regression][parity]") {
  const auto& cases = mlkit::test::reference_json("lbfgs.json").at("LogisticRegression");
  REQUIRE(cases.size() >= 9);
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
      LogisticRegressionParams params;
      params.C = p.at("C").is_string() ? HUGE_VAL : p.at("C").get<double>();
      params.fit_intercept = p.at("fit_intercept");
      if (!p.at("class_weight").is_null()) params.class_weight = "balanced";
      params.tol = p.at("tol");
      params.max_iter = p.at("max_iter");
      LogisticRegression est(params);
      mlkit::WarningCapture capture;
      est.fit(X, y, opts);
      ++fits;
      CHECK(capture.warnings().empty());
      check_close(est.classes(), ref_vector(f.at("classes_")), {0, 0}, "LogisticRegression",
                  what + " classes_");
      const Matrix coef = ref_matrix(f.at("coef_"));
      const Vector intercept = ref_vector(f.at("intercept_"));
      check_close(est.coef(), coef, normwise(coef), "LogisticRegression", what + " coef_");
      check_close(est.intercept(), intercept, normwise(coef), "LogisticRegression",
                  what + " intercept_");
      const Matrix dec = ref_matrix(f.at("decision_function"));
      const Matrix proba = ref_matrix(f.at("predict_proba"));
      check_close(est.decision_function(X_test), dec, normwise(dec), "LogisticRegression",
                  what + " decision_function");
      check_close(est.predict_proba(X_test), proba, {1e-6, 1e-7}, "LogisticRegression",
                  what + " predict_proba");
      check_close(est.predict(X_test), ref_vector(f.at("predict")), {0, 0}, "LogisticRegression",
                  what + " predict");
      // The iteration counts of two L-BFGS-B implementations are close, not equal.
      const double sk_iter = f.at("n_iter_").at(0).get<double>();
      CHECK(std::abs(est.n_iter() - sk_iter) <= 0.5 * sk_iter + 5);
    }
  }
  CHECK(fits >= 20);
}

TEST_CASE("LogisticRegression: the result does not depend on the number of threads",
          "[logistic_regression][invariant]") {
  // More rows than one block of the parallel loss, so several blocks run at once.
  const Matrix X = normal(3000, 6, 1);
  for (Index k : {2, 4}) {
    const Vector y = labels(X, k, 2);
    Matrix first;
    for (int threads : {1, 2, 3}) {
      LogisticRegressionParams p;
      p.n_jobs = threads;
      LogisticRegression est(p);
      est.fit(X, y);
      const Matrix out = mlkit::test::outputs(est, X);
      if (threads == 1)
        first = out;
      else
        CHECK(mlkit::test::identical(out, first));
    }
  }
}

TEST_CASE("LogisticRegression: weights equal repeated rows; row order does not matter",
          "[logistic_regression][invariant]") {
  const Matrix X = normal(60, 3, 3);
  for (Index k : {2, 3}) {
    INFO("classes " << k);
    const Vector y = labels(X, k, 4);
    Vector w = Vector::Ones(60);
    w.head(20).setConstant(2.0);
    Matrix Xd(80, 3);
    Vector yd(80);
    Xd << X, X.topRows(20);
    yd << y, y.head(20);
    LogisticRegression a(tight()), b(tight()), c(tight());
    mlkit::FitOptions opts;
    opts.sample_weight = w;
    a.fit(X, y, opts);
    b.fit(Xd, yd);
    check_close(a.coef(), b.coef(), {1e-6, 1e-7}, "LogisticRegression (invariant)", "weight 2");
    // Reversed rows.
    const Matrix Xr = X.colwise().reverse();
    const Vector yr = y.reverse();
    LogisticRegression plain(tight());
    plain.fit(X, y);
    c.fit(Xr, yr);
    check_close(c.coef(), plain.coef(), {1e-6, 1e-7}, "LogisticRegression (invariant)", "permuted");
    // class_weight="balanced" is the same as its sample weights.
    LogisticRegressionParams bp = tight();
    bp.class_weight = "balanced";
    LogisticRegression bal(bp), by_weights(tight());
    bal.fit(X, y);
    Vector counts = Vector::Zero(k);
    for (Index i = 0; i < 60; ++i) counts[static_cast<Index>(y[i])] += 1;
    mlkit::FitOptions cw;
    cw.sample_weight.resize(60);
    for (Index i = 0; i < 60; ++i)
      cw.sample_weight[i] = 60.0 / (static_cast<double>(k) * counts[static_cast<Index>(y[i])]);
    by_weights.fit(X, y, cw);
    check_close(bal.coef(), by_weights.coef(), {1e-9, 1e-11}, "LogisticRegression (invariant)",
                "balanced");
  }
}

TEST_CASE("LogisticRegression: probabilities, decisions and labels agree",
          "[logistic_regression]") {
  const Matrix X = normal(80, 4, 5);
  for (Index k : {2, 3}) {
    const Vector y = (labels(X, k, 6).array() * 10.0 - 3.0).matrix();  // labels -3, 7, 17
    LogisticRegression est;
    est.fit(X, y);
    const Matrix P = est.predict_proba(X);
    const Matrix D = est.decision_function(X);
    const Vector pred = est.predict(X);
    CHECK(P.cols() == k);
    CHECK(D.cols() == (k == 2 ? 1 : k));
    CHECK(est.coef().rows() == (k == 2 ? 1 : k));
    CHECK(((P.rowwise().sum().array() - 1.0).abs() < 1e-12).all());
    for (Index i = 0; i < X.rows(); ++i) {
      Index c;
      P.row(i).maxCoeff(&c);
      CHECK(pred[i] == est.classes()[c]);
    }
    // Accuracy well above chance on this learnable problem.
    const double acc = (pred.array() == y.array()).cast<double>().mean();
    CHECK(acc > 0.6);
  }
}

TEST_CASE("LogisticRegression: stopping at max_iter is a ConvergenceWarning, not an error",
          "[logistic_regression]") {
  const Matrix X = normal(100, 5, 7);
  const Vector y = labels(X, 3, 8);
  LogisticRegressionParams p;
  p.max_iter = 2;
  LogisticRegression est(p);
  {
    mlkit::WarningCapture capture;
    est.fit(X, y);
    REQUIRE(capture.warnings().size() == 1);
    CHECK(capture.warnings()[0].category == "ConvergenceWarning");
    CHECK_THAT(capture.warnings()[0].message,
               Catch::Matchers::StartsWith("lbfgs failed to converge after 2 iteration(s)"));
    CHECK(est.n_iter() == 2);
  }
  est.fit(X, y);  // without a capture the warning is dropped, nothing is printed
  {
    mlkit::WarningCapture capture;
    est.set_params({{"max_iter", 100}});
    est.fit(X, y);
    CHECK(capture.warnings().empty());
    // max_iter = 0 keeps the zero start.
    est.set_params({{"max_iter", 0}});
    est.fit(X, y);
    CHECK(est.n_iter() == 0);
    CHECK(est.coef().isZero());
    CHECK(capture.warnings().size() == 1);
  }
}

TEST_CASE("LogisticRegression: warm_start continues from the previous coefficients",
          "[logistic_regression]") {
  const Matrix X = normal(100, 4, 9);
  const Vector y = labels(X, 2, 10);
  LogisticRegressionParams p;
  p.warm_start = true;
  LogisticRegression est(p);
  est.fit(X, y);
  const int first = est.n_iter();
  est.fit(X, y);
  CHECK(est.n_iter() < first);
}

TEST_CASE("LogisticRegression: bad targets, parameters and model files are refused",
          "[logistic_regression][errors]") {
  const Matrix X = normal(20, 3, 11);
  LogisticRegression est;
  MLKIT_CHECK_THROWS(est.fit(X, Vector::Constant(20, 4.0)), mlkit::InvalidInput,
                     Catch::Matchers::Contains("only one class: 4"));
  Vector cont = Vector::LinSpaced(20, 0.0, 1.0);
  MLKIT_CHECK_THROWS(est.fit(X, cont), mlkit::InvalidInput,
                     Catch::Matchers::Contains("Unknown label type: continuous"));
  LogisticRegressionParams dual;
  dual.dual = true;
  CHECK_THROWS_AS(LogisticRegression(dual).fit(X, labels(X, 2, 12)), mlkit::InvalidParameter);
  LogisticRegressionParams l1;
  l1.l1_ratio = 1.0;
  MLKIT_CHECK_THROWS(LogisticRegression(l1).fit(X, labels(X, 2, 12)), mlkit::InvalidParameter,
                     Catch::Matchers::Contains("supports only 'l2' or None penalties, got l1"));
  CHECK_THROWS_AS(est.set_params({{"C", 0.0}}), mlkit::InvalidParameter);
  CHECK_THROWS_AS(est.set_params({{"class_weight", "auto"}}), mlkit::InvalidParameter);
  // penalty=None and C=inf are the same unpenalised fit.
  const Vector y = labels(X, 2, 12);
  LogisticRegressionParams none, inf;
  none.penalty = std::nullopt;
  inf.C = HUGE_VAL;
  LogisticRegression a(none), b(inf);
  a.fit(X, y);
  b.fit(X, y);
  CHECK(mlkit::test::identical(a.coef(), b.coef()));

  // Hand-edited model states.
  est.fit(X, labels(X, 3, 13));
  auto doc = mlkit::to_document(est);
  auto expect_bad = [](nlohmann::json d) {
    CHECK_THROWS_AS(mlkit::from_document(d), mlkit::ModelFormatError);
  };
  auto d1 = doc;
  d1["state"]["coef_"]["shape"] = {1, 3};
  expect_bad(d1);
  auto d2 = doc;
  d2["state"]["classes_"] = {0.0, 1.0};
  expect_bad(d2);
  auto d3 = doc;
  d3["state"]["n_iter_"] = {-1.0};
  expect_bad(d3);
  auto d4 = doc;
  d4["state"].erase("intercept_");
  expect_bad(d4);
  auto d5 = doc;
  d5["state"]["classes_"] = {2.0, 1.0, 0.0};
  expect_bad(d5);
  CHECK_NOTHROW(mlkit::from_document(doc));
}

namespace {

// The saga fits of the parity cases: the reference solutions are optimal to ~1e-13 (checked by
// make_saga_reference.py), and the minimiser of these strictly convex problems is unique.
LogisticRegressionParams saga(const nlohmann::json& p) {
  LogisticRegressionParams params;
  params.solver = "saga";
  params.C = p.at("C");
  params.l1_ratio = p.at("l1_ratio").get<double>();
  params.fit_intercept = p.at("fit_intercept");
  params.tol = 1e-12;
  params.max_iter = 1000;
  const auto& cw = p.at("class_weight");
  if (cw.is_string()) params.class_weight = "balanced";
  if (cw.is_array()) {
    // [label, weight] pairs.
    mlkit::ParamValue::Dict d;
    for (const auto& kv : cw) d.emplace_back(kv.at(0).get<double>(), kv.at(1).get<double>());
    params.class_weight = d;
  }
  return params;
}

}  // namespace

TEST_CASE("LogisticRegression(solver='saga') matches scikit-learn's L1 and elastic-net fits",
          "[logistic_regression][saga][parity]") {
  const auto& cases = mlkit::test::reference_json("saga.json").at("LogisticRegression");
  REQUIRE(cases.size() >= 7);
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
      LogisticRegression est(saga(p));
      mlkit::WarningCapture capture;
      est.fit(X, y, opts);
      ++fits;
      CHECK(capture.warnings().empty());
      const Matrix coef = ref_matrix(f.at("coef_"));
      const Vector intercept = ref_vector(f.at("intercept_"));
      // With the pure L1 penalty and an even number of classes the multinomial minimiser is
      // not unique: adding c_j to feature j's coefficient of every class leaves the
      // probabilities unchanged, and Σ_k |W_kj + c_j| is flat between the two middle values.
      // Only the probabilities are compared there.
      const bool unique = !(coef.rows() % 2 == 0 && p.at("l1_ratio").get<double>() == 1.0);
      if (unique) {
        check_close(est.coef(), coef, normwise(coef), "LogisticRegression(saga)", what + " coef_");
        check_close(est.intercept(), intercept, normwise(coef), "LogisticRegression(saga)",
                    what + " intercept_");
        // The same coefficients are exactly zero.
        CHECK((est.coef().array() == 0).count() == f.at("n_zero").get<Index>());
        const Matrix dec = ref_matrix(f.at("decision_function"));
        check_close(est.decision_function(X_test), dec, normwise(dec), "LogisticRegression(saga)",
                    what + " decision_function");
      }
      check_close(est.predict_proba(X_test), ref_matrix(f.at("predict_proba")), {1e-6, 1e-7},
                  "LogisticRegression(saga)", what + " predict_proba");
      check_close(est.predict(X_test), ref_vector(f.at("predict")), {0, 0},
                  "LogisticRegression(saga)", what + " predict");
    }
  }
  CHECK(fits >= 19);
}

TEST_CASE("LogisticRegression(solver='saga'): L2 equals lbfgs; a tiny C zeroes every coefficient",
          "[logistic_regression][saga][invariant]") {
  const Matrix X = normal(2000, 5, 21);  // several row blocks
  for (Index k : {2, 3}) {
    INFO("classes " << k);
    const Vector y = labels(X, k, 22);
    LogisticRegressionParams a = tight(), b = tight();
    b.solver = "saga";
    LogisticRegression lbfgs(a), newton(b);
    lbfgs.fit(X, y);
    newton.fit(X, y);
    // L-BFGS at gtol 1e-10 is accurate to about 1e-10 / l2 = 2e-7 along the directions only
    // the L2 term curves (the multinomial redundancy), hence 1e-5.
    check_close(newton.coef(), lbfgs.coef(), {1e-5, 1e-7}, "saga vs lbfgs", "coef_");
    check_close(newton.intercept(), lbfgs.intercept(), {1e-5, 1e-7}, "saga vs lbfgs", "intercept_");
    // Every coefficient is zero once C · max |X̃ᵀ(y − ȳ)| / n is below 1; the intercepts are
    // then the (centred) log-odds of the classes.
    b.l1_ratio = 1.0;
    b.C = 1e-4;
    LogisticRegression zero(b);
    zero.fit(X, y);
    CHECK(zero.coef().isZero(0));
    Vector counts = Vector::Zero(k);
    for (Index i = 0; i < X.rows(); ++i) counts[static_cast<Index>(y[i])] += 1;
    const Vector logp = (counts / static_cast<double>(X.rows())).array().log().matrix();
    Vector expected(k == 2 ? 1 : k);
    if (k == 2)
      expected[0] = logp[1] - logp[0];
    else
      expected = (logp.array() - logp.mean()).matrix();
    check_close(zero.intercept(), expected, {1e-7, 1e-9}, "saga", "log-odds intercept");
  }
}

TEST_CASE("LogisticRegression(solver='saga'): same result on 1 and 2 threads; warnings",
          "[logistic_regression][saga][invariant]") {
  const Matrix X = normal(3000, 6, 23);
  for (Index k : {2, 4}) {
    const Vector y = labels(X, k, 24);
    Matrix first;
    for (int threads : {1, 2}) {
      LogisticRegressionParams p;
      p.solver = "saga";
      p.l1_ratio = 0.6;
      p.C = 0.05;
      p.n_jobs = threads;
      LogisticRegression est(p);
      est.fit(X, y);
      const Matrix out = mlkit::test::outputs(est, X);
      if (threads == 1)
        first = out;
      else
        CHECK(mlkit::test::identical(out, first));
    }
  }
  const Vector y = labels(X, 3, 25);
  LogisticRegressionParams p;
  p.solver = "saga";
  p.l1_ratio = 1.0;
  p.max_iter = 1;
  p.tol = 1e-14;
  mlkit::WarningCapture capture;
  LogisticRegression(p).fit(X, y);
  REQUIRE(capture.warnings().size() == 1);
  CHECK(capture.warnings()[0].category == "ConvergenceWarning");
  // An explicit elasticnet penalty needs l1_ratio.
  p.penalty = "elasticnet";
  p.l1_ratio = std::nullopt;
  MLKIT_CHECK_THROWS(LogisticRegression(p).fit(X, y), mlkit::InvalidParameter,
                     Catch::Matchers::Contains("l1_ratio must be specified"));
}
