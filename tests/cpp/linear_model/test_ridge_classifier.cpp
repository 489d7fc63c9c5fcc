#include <catch2/catch.hpp>
#include <string>

#include "mlkit/core/errors.hpp"
#include "mlkit/core/serialize.hpp"
#include "mlkit/linear_model/ridge.hpp"
#include "mlkit/linear_model/ridge_classifier.hpp"
#include "tests/cpp/support/data.hpp"
#include "tests/cpp/support/reference.hpp"

using mlkit::Index;
using mlkit::Matrix;
using mlkit::ParamValue;
using mlkit::Vector;
using mlkit::linear_model::Ridge;
using mlkit::linear_model::RidgeClassifier;
using mlkit::linear_model::RidgeClassifierParams;
using mlkit::test::check_close;
using mlkit::test::ref_matrix;
using mlkit::test::ref_vector;
using mlkit::test::Tolerance;

TEST_CASE("RidgeClassifier matches scikit-learn on the reference cases",
          "[ridge_classifier][parity]") {
  const auto& cases = mlkit::test::reference_json("ridge_classifier.json").at("RidgeClassifier");
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
      RidgeClassifierParams params;
      params.alpha = p.at("alpha");
      params.fit_intercept = p.at("fit_intercept");
      params.solver = p.at("solver");
      params.tol = p.at("tol");
      if (p.at("class_weight").is_string()) params.class_weight = "balanced";
      RidgeClassifier est(params);
      est.fit(X, y, opts);
      ++fits;
      const Tolerance tol =
          params.solver == "sparse_cg" ? Tolerance{1e-9, 1e-11} : Tolerance{1e-10, 1e-12};
      check_close(est.classes(), ref_vector(f.at("classes_")), {0, 0}, "RidgeClassifier",
                  what + " classes_");
      check_close(est.coef(), ref_matrix(f.at("coef_")), tol, "RidgeClassifier", what + " coef_");
      Vector intercept = ref_vector(f.at("intercept_"));
      // scikit-learn reports a scalar 0.0 without an intercept.
      if (intercept.size() == 1) intercept = Vector::Constant(est.intercept().size(), intercept[0]);
      check_close(est.intercept(), intercept, tol, "RidgeClassifier", what + " intercept_");
      check_close(est.decision_function(X_test), ref_matrix(f.at("decision_function")), tol,
                  "RidgeClassifier", what + " decision_function");
      check_close(est.predict(X_test), ref_vector(f.at("predict")), {0, 0}, "RidgeClassifier",
                  what + " predict");
    }
  }
  CHECK(fits >= 20);
}

TEST_CASE("RidgeClassifier is Ridge on -1/1 targets", "[ridge_classifier][invariant]") {
  const Matrix X = mlkit::test::normal_matrix(50, 3, 11);
  Vector y(50);
  for (Index i = 0; i < 50; ++i) y[i] = X(i, 0) + 0.5 * X(i, 1) > 0 ? 7.0 : 4.0;
  RidgeClassifier clf;
  clf.fit(X, y);
  Ridge reg;
  reg.fit(X, Vector((y.array() == 7.0).cast<double>() * 2.0 - 1.0));
  check_close(clf.coef(), reg.coef(), {1e-13, 1e-14}, "RidgeClassifier", "coef_");
  check_close(clf.intercept(), reg.intercept(), {1e-13, 1e-14}, "RidgeClassifier", "intercept_");
  CHECK(clf.score(X, y) > 0.9);
  // Labels are kept as given and predicted back.
  const Vector pred = clf.predict(X);
  for (Index i = 0; i < pred.size(); ++i) CHECK((pred[i] == 7.0 || pred[i] == 4.0));
}

TEST_CASE("RidgeClassifier refuses bad targets and bad model files", "[ridge_classifier][errors]") {
  const Matrix X = mlkit::test::normal_matrix(10, 2, 12);
  RidgeClassifier clf;
  CHECK_THROWS_AS(clf.fit(X, Vector::Constant(10, 1.0)), mlkit::InvalidInput);
  Vector cont = Vector::LinSpaced(10, 0.0, 1.0);
  CHECK_THROWS_WITH(clf.fit(X, cont), Catch::Contains("Unknown label type"));
  RidgeClassifierParams bad;
  bad.positive = true;
  bad.solver = "svd";
  RidgeClassifier neg(bad);
  Vector y(10);
  for (Index i = 0; i < 10; ++i) y[i] = i % 3;
  CHECK_THROWS_AS(neg.fit(X, y), mlkit::InvalidParameter);

  clf.fit(X, y);
  nlohmann::json state = clf.state_to_json();
  auto broken = [&](auto mutate) {
    nlohmann::json s = state;
    mutate(s);
    RidgeClassifier other;
    CHECK_THROWS_AS(other.state_from_json(s), mlkit::ModelFormatError);
  };
  broken([](nlohmann::json& s) { s["classes_"] = {0.0, 2.0, 1.0}; });
  broken([](nlohmann::json& s) { s["classes_"] = {0.0, 1.5, 2.0}; });
  broken([](nlohmann::json& s) { s["classes_"] = {0.0, 1.0}; });  // coef_ has 3 rows
  broken([](nlohmann::json& s) { s["solver_"] = "lbfgs"; });
  broken([](nlohmann::json& s) { s.erase("intercept_"); });
}

TEST_CASE("RidgeClassifier: a class_weight dict is a weight per class",
          "[ridge_classifier][class_weight]") {
  const Matrix X = mlkit::test::normal_matrix(40, 3, 13);
  Vector y(40);
  for (Index i = 0; i < 40; ++i) y[i] = i % 3;
  RidgeClassifier by_dict;
  by_dict.set_params({{"class_weight", ParamValue::Dict{{1.0, 3.0}, {0.0, 0.5}}}});
  by_dict.fit(X, y);
  mlkit::FitOptions opts;
  opts.sample_weight = Vector(40);
  for (Index i = 0; i < 40; ++i) opts.sample_weight[i] = y[i] == 1 ? 3.0 : (y[i] == 0 ? 0.5 : 1.0);
  RidgeClassifier by_weight;
  by_weight.fit(X, y, opts);
  check_close(by_dict.coef(), by_weight.coef(), {1e-12, 1e-14}, "RidgeClassifier", "coef_");
  // A key that is no class, while a class has no weight, is refused (scikit-learn's error).
  RidgeClassifier bad;
  bad.set_params({{"class_weight", ParamValue::Dict{{0.0, 1.0}, {7.0, 2.0}}}});
  CHECK_THROWS_WITH(bad.fit(X, y), Catch::Contains("are not in class_weight"));
  // Negative weights and repeated keys are invalid parameters.
  CHECK_THROWS_AS(bad.set_params({{"class_weight", ParamValue::Dict{{0.0, -1.0}}}}),
                  mlkit::InvalidParameter);
  CHECK_THROWS_AS(ParamValue(ParamValue::Dict{{0.0, 1.0}, {0.0, 2.0}}), mlkit::InvalidParameter);
  CHECK(ParamValue(ParamValue::Dict{{1.0, 3.0}, {0.0, 0.5}}).repr() == "{0: 0.5, 1: 3.0}");
}
