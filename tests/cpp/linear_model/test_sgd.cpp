#include <catch2/catch.hpp>
#include <string>

#include "mlkit/core/context.hpp"
#include "mlkit/core/errors.hpp"
#include "mlkit/linear_model/sgd.hpp"
#include "tests/cpp/support/data.hpp"
#include "tests/cpp/support/reference.hpp"

using mlkit::Index;
using mlkit::Matrix;
using mlkit::ParamMap;
using mlkit::ParamValue;
using mlkit::Vector;
using mlkit::linear_model::SGDClassifier;
using mlkit::linear_model::SGDRegressor;
using mlkit::test::check_close;
using mlkit::test::ref_matrix;
using mlkit::test::ref_vector;
using mlkit::test::Tolerance;

namespace {

ParamMap params_of(const nlohmann::json& j) {
  ParamMap m;
  for (const auto& [k, v] : j.items()) {
    if (v.is_null())
      m.emplace(k, ParamValue());
    else if (v.is_boolean())
      m.emplace(k, v.get<bool>());
    else if (v.is_number_integer())
      m.emplace(k, v.get<long long>());
    else if (v.is_number())
      m.emplace(k, v.get<double>());
    else
      m.emplace(k, v.get<std::string>());
  }
  return m;
}

// Same updates in the same order: the iterates differ from scikit-learn's by rounding only
// (its lazy averaging and our running mean round differently, as do the L1 updates).
const Tolerance kTol{1e-8, 1e-10};

}  // namespace

TEST_CASE("SGDClassifier matches scikit-learn without shuffling", "[sgd][parity]") {
  const auto& cases = mlkit::test::reference_json("sgd.json").at("SGDClassifier");
  Index fits = 0;
  for (const auto& c : cases) {
    const Matrix X = ref_matrix(c.at("X"));
    const Vector y = ref_vector(c.at("y"));
    const Matrix X_test = ref_matrix(c.at("X_test"));
    mlkit::FitOptions opts;
    opts.sample_weight = ref_vector(c.at("sample_weight"));
    for (const auto& f : c.at("fits")) {
      const std::string what = c.at("name").get<std::string>() + " " + f.at("params").dump();
      INFO("case " << what);
      SGDClassifier est;
      est.set_params(params_of(f.at("params")));
      est.fit(X, y, opts);
      ++fits;
      CHECK(est.n_iter() == f.at("n_iter_").get<Index>());
      CHECK(est.t() == f.at("t_").get<double>());
      check_close(est.coef(), ref_matrix(f.at("coef_")), kTol, "SGDClassifier", what + " coef_");
      check_close(est.intercept(), ref_vector(f.at("intercept_")), kTol, "SGDClassifier",
                  what + " intercept_");
      check_close(est.decision_function(X_test), ref_matrix(f.at("decision_function")), kTol,
                  "SGDClassifier", what + " decision_function");
      check_close(est.predict(X_test), ref_vector(f.at("predict")), {0, 0}, "SGDClassifier",
                  what + " predict");
      if (f.contains("predict_proba"))
        check_close(est.predict_proba(X_test), ref_matrix(f.at("predict_proba")), kTol,
                    "SGDClassifier", what + " predict_proba");
      else
        CHECK_THROWS_AS(est.predict_proba(X_test), mlkit::NotSupported);
    }
  }
  CHECK(fits >= 39);
}

TEST_CASE("SGDRegressor matches scikit-learn without shuffling", "[sgd][parity]") {
  const auto& cases = mlkit::test::reference_json("sgd.json").at("SGDRegressor");
  Index fits = 0;
  for (const auto& c : cases) {
    const Matrix X = ref_matrix(c.at("X"));
    const Vector y = ref_vector(c.at("y"));
    const Matrix X_test = ref_matrix(c.at("X_test"));
    mlkit::FitOptions opts;
    opts.sample_weight = ref_vector(c.at("sample_weight"));
    for (const auto& f : c.at("fits")) {
      const std::string what = c.at("name").get<std::string>() + " " + f.at("params").dump();
      INFO("case " << what);
      SGDRegressor est;
      est.set_params(params_of(f.at("params")));
      est.fit(X, y, opts);
      ++fits;
      CHECK(est.n_iter() == f.at("n_iter_").get<Index>());
      CHECK(est.t() == f.at("t_").get<double>());
      check_close(est.coef(), ref_vector(f.at("coef_")), kTol, "SGDRegressor", what + " coef_");
      check_close(Vector(Vector::Constant(1, est.intercept())), ref_vector(f.at("intercept_")),
                  kTol, "SGDRegressor", what + " intercept_");
      check_close(est.predict(X_test), ref_vector(f.at("predict")), kTol, "SGDRegressor",
                  what + " predict");
    }
  }
  CHECK(fits >= 20);
}

TEST_CASE("SGDClassifier.partial_fit continues like scikit-learn's", "[sgd][parity]") {
  const auto& ref = mlkit::test::reference_json("sgd.json");
  const auto& c = ref.at("SGDClassifier").at(1);
  const Matrix X = ref_matrix(c.at("X"));
  const Vector y = ref_vector(c.at("y"));
  SGDClassifier est;
  est.set_params({{"loss", "log_loss"}, {"alpha", 0.01}, {"shuffle", false}, {"random_state", 0}});
  CHECK_THROWS_WITH(est.partial_fit(X.topRows(40), y.head(40)),
                    Catch::Contains("classes must be passed"));
  const Vector classes = (Vector(3) << 0.0, 1.0, 2.0).finished();
  for (int pass = 0; pass < 3; ++pass) {
    est.partial_fit(X.topRows(40), y.head(40), {}, classes);
    est.partial_fit(X.bottomRows(40), y.tail(40));
  }
  const auto& p = ref.at("partial_fit_classifier");
  check_close(est.coef(), ref_matrix(p.at("coef_")), kTol, "SGDClassifier", "partial_fit coef_");
  check_close(est.intercept(), ref_vector(p.at("intercept_")), kTol, "SGDClassifier",
              "partial_fit intercept_");
  CHECK(est.t() == p.at("t_").get<double>());
  // A label outside the classes of the first call, and a different class list, are refused.
  CHECK_THROWS_AS(est.partial_fit(X.topRows(2), Vector::Constant(2, 5.0)), mlkit::InvalidInput);
  CHECK_THROWS_AS(est.partial_fit(X.topRows(2), y.head(2), {}, Vector::LinSpaced(4, 0, 3)),
                  mlkit::InvalidInput);
  CHECK_THROWS_AS(est.partial_fit(Matrix(X.leftCols(2)), y), mlkit::InvalidInput);
}

TEST_CASE("SGD with shuffling: the same for any thread count, and accurate", "[sgd][invariant]") {
  const Matrix X = mlkit::test::normal_matrix(600, 5, 41);
  Vector y(600);
  for (Index i = 0; i < 600; ++i) {
    const double s = X(i, 0) - X(i, 1) + 0.5 * X(i, 2);
    y[i] = s > 0.7 ? 2.0 : (s < -0.7 ? 0.0 : 1.0);
  }
  const int before = mlkit::get_num_threads();
  Matrix coef[2];
  for (int threads : {1, 2}) {
    mlkit::set_num_threads(threads);
    SGDClassifier est;
    est.set_params({{"random_state", 7}, {"loss", "log_loss"}});
    est.fit(X, y);
    coef[threads - 1] = est.coef();
    CHECK(est.score(X, y) > 0.8);
  }
  mlkit::set_num_threads(before);
  CHECK(mlkit::test::identical(coef[0], coef[1]));

  // Early stopping holds out a validation set and stops within max_iter.
  SGDRegressor reg;
  const Vector t = X * Vector::LinSpaced(5, -1.0, 1.0);
  reg.set_params({{"random_state", 3}, {"early_stopping", true}, {"max_iter", 200}});
  reg.fit(X, t);
  CHECK(reg.n_iter() < 200);
  CHECK(reg.score(X, t) > 0.99);
}

TEST_CASE("SGD refuses bad parameters and diverging fits", "[sgd][errors]") {
  const Matrix X = mlkit::test::normal_matrix(20, 2, 42);
  Vector y(20);
  for (Index i = 0; i < 20; ++i) y[i] = i % 2;
  SGDClassifier clf;
  clf.set_params({{"alpha", 0.0}});
  CHECK_THROWS_WITH(clf.fit(X, y), Catch::Contains("alpha must be > 0"));
  SGDClassifier one;
  CHECK_THROWS_WITH(one.fit(X, Vector::Zero(20)), Catch::Contains("greater than one"));
  SGDRegressor reg;
  reg.set_params({{"learning_rate", "constant"}, {"eta0", 1e300}, {"penalty", ParamValue()}});
  CHECK_THROWS_WITH(reg.fit(1e3 * X, 1e3 * y), Catch::Contains("overflow"));
  CHECK_FALSE(reg.fitted());
  SGDRegressor es;
  es.set_params({{"early_stopping", true}});
  CHECK_THROWS_AS(es.partial_fit(X, y), mlkit::InvalidParameter);
}
