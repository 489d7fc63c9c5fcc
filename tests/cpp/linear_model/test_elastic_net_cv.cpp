#include <catch2/catch.hpp>
#include <functional>
#include <string>
#include <vector>

#include "mlkit/core/errors.hpp"
#include "mlkit/core/serialize.hpp"
#include "mlkit/linear_model/elastic_net_cv.hpp"
#include "mlkit/linear_model/multi_task_elastic_net.hpp"
#include "tests/cpp/support/data.hpp"
#include "tests/cpp/support/reference.hpp"

using mlkit::Index;
using mlkit::Matrix;
using mlkit::ParamMap;
using mlkit::ParamValue;
using mlkit::Vector;
using mlkit::linear_model::ElasticNetCV;
using mlkit::linear_model::LassoCV;
using mlkit::test::check_close;
using mlkit::test::ref_matrix;
using mlkit::test::ref_vector;
using mlkit::test::Tolerance;

namespace {

constexpr Tolerance kParity{1e-6, 1e-8};

ParamValue to_param(const nlohmann::json& v) {
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_number_integer()) return v.get<int>();
  if (v.is_number()) return v.get<double>();
  if (v.is_string()) return v.get<std::string>();
  if (v.is_array()) {
    ParamValue::List l;
    for (const auto& e : v) l.push_back(e.get<double>());
    return l;
  }
  return {};
}

ParamMap params_from(const nlohmann::json& p) {
  ParamMap out;
  for (auto it = p.begin(); it != p.end(); ++it) out[it.key()] = to_param(it.value());
  return out;
}

// Every number of a nested list, in row-major order.
Vector flatten(const nlohmann::json& j) {
  std::vector<double> out;
  std::function<void(const nlohmann::json&)> walk = [&](const nlohmann::json& v) {
    if (v.is_array())
      for (const auto& e : v) walk(e);
    else
      out.push_back(v.get<double>());
  };
  walk(j);
  return Eigen::Map<Vector>(out.data(), static_cast<Index>(out.size()));
}

}  // namespace

TEST_CASE("LassoCV and ElasticNetCV match scikit-learn", "[elastic_net_cv][parity]") {
  const auto& cases = mlkit::test::reference_json("coordinate_descent.json").at("cv");
  REQUIRE(cases.size() >= 6);
  for (const auto& c : cases) {
    const std::string what = c.at("estimator").get<std::string>() + " " + c.at("params").dump();
    INFO(what);
    std::unique_ptr<mlkit::linear_model::CrossValidatedCoordinateDescent> est;
    if (c.at("estimator") == "LassoCV")
      est = std::make_unique<LassoCV>();
    else
      est = std::make_unique<ElasticNetCV>();
    est->set_params(params_from(c.at("params")));
    mlkit::FitOptions opts;
    opts.sample_weight = ref_vector(c.at("sample_weight"));
    const Matrix X = ref_matrix(c.at("X"));
    est->fit(X, ref_vector(c.at("y")), opts);
    const Vector alphas_ref = flatten(c.at("alphas_"));
    const Matrix& alphas = est->alphas();
    const bool one_row = alphas.rows() == 1 || c.at("params").at("alphas").is_array();
    const Vector alphas_flat = one_row
                                   ? Vector(alphas.row(0).transpose())
                                   : Vector(Eigen::Map<const Vector>(alphas.data(), alphas.size()));
    check_close(alphas_flat, alphas_ref, {1e-13, 0}, "LassoCV/ElasticNetCV", "alphas_");
    check_close(est->mse_path(), flatten(c.at("mse_path_")), kParity, "LassoCV/ElasticNetCV",
                "mse_path_");
    CHECK(est->alpha() == Approx(c.at("alpha_").get<double>()).epsilon(1e-12));
    CHECK(est->l1_ratio() == Approx(c.at("l1_ratio_").get<double>()).epsilon(1e-12));
    check_close(est->coef(), Matrix(ref_vector(c.at("coef_")).transpose()), kParity,
                "LassoCV/ElasticNetCV", "coef_");
    check_close(est->intercept(), Vector::Constant(1, c.at("intercept_").get<double>()), kParity,
                "LassoCV/ElasticNetCV", "intercept_");
    check_close(est->predict(ref_matrix(c.at("X_test"))), ref_vector(c.at("predict")), kParity,
                "LassoCV/ElasticNetCV", "predict");
  }
}

TEST_CASE("ElasticNetCV: results do not depend on the number of threads",
          "[elastic_net_cv][invariant]") {
  const Matrix X = mlkit::test::normal_matrix(90, 12, 5, 1);
  const Vector y = X.col(0) * 2.0 - X.col(3) + 0.3 * mlkit::test::normal_matrix(90, 1, 5, 2).col(0);
  ElasticNetCV one, many;
  const ParamMap p{{"l1_ratio", ParamValue::List{0.3, 0.8}}, {"alphas", 15}, {"cv", 4}};
  one.set_params(p);
  many.set_params(p);
  one.set_params({{"n_jobs", 1}});
  many.set_params({{"n_jobs", 4}});
  one.fit(X, y);
  many.fit(X, y);
  CHECK(one.mse_path() == many.mse_path());
  CHECK(one.coef() == many.coef());
  // Model files keep the cross-validation results.
  const auto loaded = mlkit::from_document(mlkit::to_document(one));
  const auto& l = dynamic_cast<const ElasticNetCV&>(*loaded);
  CHECK(l.mse_path() == one.mse_path());
  CHECK(l.alphas() == one.alphas());
  CHECK(l.alpha() == one.alpha());
  CHECK(l.l1_ratio() == one.l1_ratio());
  // A damaged cross-validation record is a ModelFormatError.
  for (const auto& damage : std::vector<std::function<void(nlohmann::json&)>>{
           [](nlohmann::json& st) { st["mse_path_"]["data"].erase(0); },
           [](nlohmann::json& st) { st["mse_path_"]["shape"] = {7}; },
           [](nlohmann::json& st) { st["_n_l1_ratios"] = 0; },
           [](nlohmann::json& st) { st["alphas_"] = nlohmann::json::array(); },
           [](nlohmann::json& st) { st["l1_ratio_"] = 2.0; },
           [](nlohmann::json& st) { st["dual_gap_"] = "x"; },
           [](nlohmann::json& st) { st.erase("alpha_"); }}) {
    nlohmann::json doc = mlkit::to_document(one);
    damage(doc["state"]);
    CHECK_THROWS_AS(mlkit::from_document(doc), mlkit::ModelFormatError);
  }
}

TEST_CASE("LassoCV: parameter errors", "[elastic_net_cv]") {
  const Matrix X = mlkit::test::normal_matrix(12, 3, 5, 3);
  const Vector y = X.col(0);
  LassoCV est;
  CHECK_THROWS_AS(est.set_params({{"cv", 1}}), mlkit::InvalidParameter);
  est.set_params({{"alphas", ParamValue::List{}}});
  CHECK_THROWS_AS(est.fit(X, y), mlkit::InvalidParameter);
  est.set_params({{"alphas", ParamValue::List{0.1, -1.0}}});
  CHECK_THROWS_AS(est.fit(X, y), mlkit::InvalidParameter);
  ElasticNetCV en;
  en.set_params({{"l1_ratio", ParamValue::List{0.0, 0.5}}});
  CHECK_THROWS_AS(en.fit(X, y), mlkit::InvalidParameter);  // no grid for l1_ratio = 0
  en.set_params({{"l1_ratio", ParamValue::List{1.5}}});
  CHECK_THROWS_AS(en.fit(X, y), mlkit::InvalidParameter);
  LassoCV many_folds;
  many_folds.set_params({{"cv", 20}});
  CHECK_THROWS_AS(many_folds.fit(X, y), mlkit::InvalidInput);
}

TEST_CASE("MultiTaskLasso and MultiTaskElasticNet match scikit-learn", "[multi_task][parity]") {
  const auto& cases = mlkit::test::reference_json("coordinate_descent.json").at("multi_task");
  Index fits = 0;
  for (const auto& c : cases) {
    const Matrix X = ref_matrix(c.at("X"));
    const Matrix Y = ref_matrix(c.at("y"));
    const Matrix X_test = ref_matrix(c.at("X_test"));
    for (const auto& f : c.at("fits")) {
      const std::string what = f.at("estimator").get<std::string>() + " " + f.at("params").dump();
      INFO(what);
      std::unique_ptr<mlkit::linear_model::CoordinateDescentModel> est;
      if (f.at("estimator") == "MultiTaskLasso")
        est = std::make_unique<mlkit::linear_model::MultiTaskLasso>();
      else
        est = std::make_unique<mlkit::linear_model::MultiTaskElasticNet>();
      est->set_params(params_from(f.at("params")));
      mlkit::FitOptions opts;
      opts.sample_weight = ref_vector(f.at("sample_weight"));
      est->fit_multi(X, Y, opts);
      ++fits;
      check_close(est->coef(), ref_matrix(f.at("coef_")), kParity, "MultiTaskLasso", "coef_");
      check_close(est->intercept(), ref_vector(f.at("intercept_")), kParity, "MultiTaskLasso",
                  "intercept_");
      check_close(est->predict_multi(X_test), ref_matrix(f.at("predict")), kParity,
                  "MultiTaskLasso", "predict");
    }
  }
  CHECK(fits >= 8);
}

TEST_CASE("MultiTaskLasso: rows of the coefficients are zero together; weight 2 == duplicate",
          "[multi_task][invariant]") {
  const Matrix X = mlkit::test::normal_matrix(40, 8, 6, 1);
  Matrix Y(40, 3);
  Y << X.col(0) + X.col(2), X.col(0) - X.col(2), 2 * X.col(0);
  Y += 0.1 * mlkit::test::normal_matrix(40, 3, 6, 2);
  mlkit::linear_model::MultiTaskLasso a, b;
  a.set_params({{"alpha", 0.05}, {"tol", 1e-13}, {"max_iter", 100000}});
  b.set_params(a.get_params());
  Vector w = Vector::Ones(40);
  w[7] = 2;
  mlkit::FitOptions opts;
  opts.sample_weight = w;
  a.fit_multi(X, Y, opts);
  Matrix X2(41, 8), Y2(41, 3);
  X2 << X, X.row(7);
  Y2 << Y, Y.row(7);
  b.fit_multi(X2, Y2);
  check_close(a.coef(), b.coef(), {1e-8, 1e-10}, "MultiTaskLasso (invariant)", "coef");
  for (Index j = 0; j < 8; ++j) {
    const bool zero = a.coef().col(j).isZero(0);
    CHECK((zero || (a.coef().col(j).array() != 0).all()));
  }
}
