#include <catch2/catch.hpp>
#include <cmath>
#include <memory>

#include "mlkit/core/errors.hpp"
#include "mlkit/core/serialize.hpp"
#include "mlkit/core/warnings.hpp"
#include "mlkit/linear_model/glm.hpp"
#include "tests/cpp/support/data.hpp"
#include "tests/cpp/support/reference.hpp"

using mlkit::Index;
using mlkit::Matrix;
using mlkit::Vector;
using mlkit::linear_model::GammaRegressor;
using mlkit::linear_model::GeneralizedLinearRegressor;
using mlkit::linear_model::GlmParams;
using mlkit::linear_model::PoissonRegressor;
using mlkit::linear_model::TweedieRegressor;
using mlkit::linear_model::TweedieRegressorParams;
using mlkit::test::check_close;
using mlkit::test::ref_matrix;
using mlkit::test::ref_vector;
using mlkit::test::Tolerance;

namespace {

Tolerance normwise(const Matrix& expected) {
  const double scale = std::max(1.0, expected.cwiseAbs().maxCoeff());
  return {1e-6, 1e-6 * scale};
}

std::unique_ptr<GeneralizedLinearRegressor> make(const std::string& cls, const nlohmann::json& p) {
  GlmParams g;
  g.alpha = p.at("alpha");
  g.fit_intercept = p.at("fit_intercept");
  g.tol = p.at("tol");
  g.max_iter = p.at("max_iter");
  if (cls == "PoissonRegressor") return std::make_unique<PoissonRegressor>(g);
  if (cls == "GammaRegressor") return std::make_unique<GammaRegressor>(g);
  TweedieRegressorParams t;
  t.alpha = g.alpha;
  t.fit_intercept = g.fit_intercept;
  t.tol = g.tol;
  t.max_iter = g.max_iter;
  t.power = p.value("power", 0.0);
  t.link = p.value("link", std::string("auto"));
  return std::make_unique<TweedieRegressor>(t);
}

Matrix positive_counts(const Matrix& X, std::uint64_t seed) {
  mlkit::Rng rng(seed, 5);
  Matrix y(X.rows(), 1);
  for (Index i = 0; i < X.rows(); ++i)
    y(i, 0) = std::floor(std::exp(0.3 * X(i, 0) - 0.2 * X(i, 1) + 0.5) * 2.0 * rng.uniform());
  return y;
}

}  // namespace

TEST_CASE("Poisson, Gamma and Tweedie regressors match scikit-learn on the reference cases",
          "[glm][parity]") {
  const auto& cases = mlkit::test::reference_json("lbfgs.json").at("GLM");
  REQUIRE(cases.size() >= 6);
  Index fits = 0;
  for (const auto& c : cases) {
    const std::string name = c.at("name");
    const Matrix X = ref_matrix(c.at("X"));
    const Vector y = ref_vector(c.at("y"));
    const Matrix X_test = ref_matrix(c.at("X_test"));
    mlkit::FitOptions opts;
    opts.sample_weight = ref_vector(c.at("sample_weight"));
    for (const auto& f : c.at("fits")) {
      const std::string cls = f.at("estimator");
      const std::string what = name + " " + cls + " " + f.at("params").dump();
      INFO("case " << what);
      auto est = make(cls, f.at("params"));
      mlkit::WarningCapture capture;
      est->fit(X, y, opts);
      ++fits;
      CHECK(capture.warnings().empty());
      const Matrix coef = ref_matrix(f.at("coef_")).transpose();
      const Vector intercept = Vector::Constant(1, f.at("intercept_").get<double>());
      check_close(est->coef(), coef, normwise(coef), cls, what + " coef_");
      check_close(est->intercept(), intercept, normwise(coef), cls, what + " intercept_");
      const Vector pred = ref_vector(f.at("predict"));
      check_close(est->predict(X_test), pred, {1e-6, 1e-6 * pred.cwiseAbs().maxCoeff()}, cls,
                  what + " predict");
      const double sk_iter = f.at("n_iter_").get<double>();
      CHECK(std::abs(est->n_iter() - sk_iter) <= 0.5 * sk_iter + 5);
    }
  }
  CHECK(fits >= 14);
}

TEST_CASE("GLMs: weight 2 equals a duplicated row; threads do not change the result",
          "[glm][invariant]") {
  const Matrix X = mlkit::test::normal_matrix(1500, 3, 5);
  const Vector y = positive_counts(X, 6).col(0);
  GlmParams p;
  p.tol = 1e-10;
  p.max_iter = 1000;
  p.alpha = 0.1;
  Vector w = Vector::Ones(X.rows());
  w.head(100).setConstant(2.0);
  Matrix Xd(X.rows() + 100, 3);
  Vector yd(X.rows() + 100);
  Xd << X, X.topRows(100);
  yd << y, y.head(100);
  PoissonRegressor a(p), b(p);
  mlkit::FitOptions opts;
  opts.sample_weight = w;
  a.fit(X, y, opts);
  b.fit(Xd, yd);
  check_close(a.coef(), b.coef(), {1e-6, 1e-8}, "PoissonRegressor (invariant)", "weight 2");
  Matrix first;
  for (int threads : {1, 2, 3}) {
    mlkit::set_num_threads(threads);
    PoissonRegressor c(p);
    c.fit(X, y);
    if (threads == 1)
      first = c.predict_multi(X);
    else
      CHECK(mlkit::test::identical(c.predict_multi(X), first));
  }
  mlkit::set_num_threads(0);
}

TEST_CASE("GLMs: targets outside the deviance's range, max_iter and model files", "[glm][errors]") {
  const Matrix X = mlkit::test::normal_matrix(30, 2, 7);
  Vector y = positive_counts(X, 8).col(0);
  y[0] = -1;
  MLKIT_CHECK_THROWS(PoissonRegressor().fit(X, y), mlkit::InvalidInput,
                     Catch::Matchers::Contains("out of the valid range of the loss "
                                               "'HalfPoissonLoss'"));
  y[0] = 0;
  CHECK_NOTHROW(PoissonRegressor().fit(X, y));
  CHECK_THROWS_AS(GammaRegressor().fit(X, y), mlkit::InvalidInput);
  TweedieRegressorParams t;
  t.power = 1.5;
  CHECK_NOTHROW(TweedieRegressor(t).fit(X, y));
  t.power = 0;
  y[1] = -3;
  CHECK_NOTHROW(TweedieRegressor(t).fit(X, y));  // the normal deviance takes any target

  GlmParams few;
  few.max_iter = 1;
  few.alpha = 1e-3;
  PoissonRegressor p(few);
  y = positive_counts(X, 8).col(0);
  mlkit::WarningCapture capture;
  p.fit(X, y);
  REQUIRE(capture.warnings().size() == 1);
  CHECK(capture.warnings()[0].category == "ConvergenceWarning");

  TweedieRegressor q;  // the registered one
  q.fit(X, y);
  auto doc = mlkit::to_document(q);
  auto bad = doc;
  bad["state"]["n_iter_"] = -2;
  CHECK_THROWS_AS(mlkit::from_document(bad), mlkit::ModelFormatError);
  bad = doc;
  bad["state"]["coef_"]["shape"] = {1, 3};
  CHECK_THROWS_AS(mlkit::from_document(bad), mlkit::ModelFormatError);
  CHECK_NOTHROW(mlkit::from_document(doc));
}
