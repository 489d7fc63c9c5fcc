// Forests: held-out scores against scikit-learn's (tests/reference/trees.json, from
// tests/reference/make_tree_reference.py), bit-identical results on any thread count, warm
// start, out-of-bag estimates and model files.
#include <catch2/catch.hpp>
#include <cmath>

#include "mlkit/core/serialize.hpp"
#include "mlkit/ensemble/forest.hpp"
#include "tests/cpp/support/data.hpp"
#include "tests/cpp/support/reference.hpp"

using namespace mlkit;
using nlohmann::json;

namespace {

Matrix rows_of(const Matrix& X, const std::vector<Index>& idx) {
  Matrix out(static_cast<Index>(idx.size()), X.cols());
  for (std::size_t i = 0; i < idx.size(); ++i) out.row(static_cast<Index>(i)) = X.row(idx[i]);
  return out;
}
Vector rows_of(const Vector& y, const std::vector<Index>& idx) {
  Vector out(static_cast<Index>(idx.size()));
  for (std::size_t i = 0; i < idx.size(); ++i) out[static_cast<Index>(i)] = y[idx[i]];
  return out;
}

const ensemble::ForestBase& as_forest(const Estimator& e) {
  return dynamic_cast<const ensemble::ForestBase&>(e);
}

}  // namespace

TEST_CASE("forests: held-out scores within 0.5 points of scikit-learn's", "[ensemble][parity]") {
  for (const auto& c : test::reference_json("trees.json").at("forests")) {
    const std::string name = c.at("name");
    INFO("data: " << name);
    Matrix X;
    Vector y;
    if (c.at("data").is_null()) {
      X = test::ref_matrix(c.at("X"));
      y = test::ref_vector(c.at("y"));
    } else {
      const auto d = datasets::load_dataset(c.at("data").get<std::string>());
      X = d.X;
      y = d.y;
    }
    for (const auto& [kind, ref] : c.at("mean_score").items()) {
      INFO("forest: " << kind);
      double total = 0.0;
      int count = 0;
      for (const auto& sp : c.at("splits")) {
        const auto train = sp.at("train").get<std::vector<Index>>();
        const auto test_rows = sp.at("test").get<std::vector<Index>>();
        const Matrix Xtr = rows_of(X, train), Xte = rows_of(X, test_rows);
        const Vector ytr = rows_of(y, train), yte = rows_of(y, test_rows);
        for (int seed = 0; seed < c.at("seeds").get<int>(); ++seed) {
          auto est = make_estimator(kind, {{"random_state", seed}, {"n_jobs", 2}});
          est->fit(Xtr, ytr);
          total += est->score(Xte, yte);
          ++count;
        }
      }
      const double mean = total / count;
      INFO("mlkit " << mean << " scikit-learn " << ref.get<double>());
      CHECK(std::fabs(mean - ref.get<double>()) <= 0.005);
    }
  }
}

TEST_CASE("forests: the same forest on 1 and 2 threads, bit for bit", "[ensemble][threads]") {
  const auto data = datasets::load_breast_cancer();
  for (const char* kind : {"random_forest_classifier", "extra_trees_classifier",
                           "random_forest_regressor", "extra_trees_regressor"}) {
    INFO("forest: " << kind);
    auto one = make_estimator(
        kind, {{"n_estimators", 24}, {"random_state", 5}, {"n_jobs", 1}, {"max_samples", 0.7}});
    auto two = make_estimator(
        kind, {{"n_estimators", 24}, {"random_state", 5}, {"n_jobs", 2}, {"max_samples", 0.7}});
    if (std::string(kind).find("extra") != std::string::npos) {
      one->set_params({{"max_samples", ParamValue()}});
      two->set_params({{"max_samples", ParamValue()}});
    }
    one->fit(data.X, data.y);
    two->fit(data.X, data.y);
    CHECK(test::identical(test::outputs(*one, data.X), test::outputs(*two, data.X)));
    auto a = one->state_to_json(), b = two->state_to_json();
    CHECK(a == b);
  }
}

TEST_CASE("forests: out-of-bag estimates, warm start, balanced_subsample, single row",
          "[ensemble]") {
  const auto data = datasets::load_wine();
  auto rf = make_estimator("random_forest_classifier",
                           {{"oob_score", true}, {"random_state", 1}, {"n_estimators", 60}});
  rf->fit(data.X, data.y);
  const auto& f = as_forest(*rf);
  CHECK(f.oob_score() > 0.9);
  CHECK(f.oob_output().rows() == data.X.rows());
  CHECK(f.oob_output().cols() == 3);
  CHECK(std::fabs(f.feature_importances().sum() - 1.0) < 1e-12);
  for (Index i = 0; i < data.X.rows(); i += 17)
    CHECK(f.predict_row(data.X.row(i).data()) == rf->predict(data.X.row(i))[0]);

  // warm_start: 30 trees, then 30 more, is the 60-tree forest.
  auto w = make_estimator("random_forest_classifier",
                          {{"warm_start", true}, {"random_state", 1}, {"n_estimators", 30}});
  w->fit(data.X, data.y);
  w->set_params({{"n_estimators", 60}});
  w->fit(data.X, data.y);
  CHECK(as_forest(*w).n_trees() == 60);
  CHECK(test::identical(w->predict_proba(data.X), rf->predict_proba(data.X)));
  w->set_params({{"n_estimators", 10}});
  CHECK_THROWS_AS(w->fit(data.X, data.y), InvalidParameter);

  auto bs = make_estimator("random_forest_classifier",
                           {{"class_weight", "balanced_subsample"}, {"random_state", 2}});
  bs->fit(data.X, data.y);
  CHECK(bs->score(data.X, data.y) > 0.99);

  CHECK_THROWS_AS(
      make_estimator("extra_trees_classifier", {{"oob_score", true}})->fit(data.X, data.y),
      InvalidParameter);

  const auto reg = datasets::load_diabetes();
  auto rr = make_estimator("random_forest_regressor", {{"oob_score", true}, {"random_state", 0}});
  rr->fit(reg.X, reg.y);
  CHECK(as_forest(*rr).oob_score() > 0.3);
  CHECK(as_forest(*rr).oob_score() < 0.6);
}

TEST_CASE("forests: hostile model files are ModelFormatError", "[ensemble][serialize]") {
  const auto data = datasets::load_iris();
  auto rf = make_estimator("random_forest_classifier", {{"n_estimators", 3}, {"random_state", 0}});
  rf->fit(data.X, data.y);
  const json state = rf->state_to_json();
  auto expect_bad = [&](const std::function<void(json&)>& edit) {
    json s = state;
    edit(s);
    auto fresh = make_estimator("random_forest_classifier");
    CHECK_THROWS_AS(fresh->state_from_json(s), ModelFormatError);
  };
  expect_bad([](json& s) { s["trees"] = json::array(); });
  expect_bad([](json& s) { s["trees"][1]["children_right"][0] = 0; });
  expect_bad([](json& s) { s["trees"][2]["feature"][0] = 4; });
  expect_bad([](json& s) { s["seed"] = "12x"; });
  expect_bad([](json& s) { s["importance_trees"] = 9; });
  expect_bad([](json& s) { s["feature_importances_"].erase(0); });
}

TEST_CASE("forests: predict_row equals predict, compact and wide layouts, after loading",
          "[ensemble]") {
  // predict_row walks its own copy of the trees: 8-byte nodes when the features fit in 10 bits,
  // the model's 16-byte nodes otherwise. Both must agree with predict exactly, with missing
  // values, and on a forest read back from a model file.
  for (const Index p : {Index{6}, Index{1030}}) {
    Matrix X = test::normal_matrix(300, p, 31);
    for (Index i = 0; i < 300; i += 7) X(i, i % 3) = std::nan("");
    Vector y(300), labels(300);
    for (Index i = 0; i < 300; ++i) {
      const double a = std::isnan(X(i, 0)) ? 1.0 : X(i, 0);
      const double b = std::isnan(X(i, 1)) ? -1.0 : X(i, 1);
      const double c = std::isnan(X(i, 2)) ? 0.0 : X(i, 2);
      y[i] = a - b * (i % 2 ? c : X(i, 3));
      labels[i] = y[i] > 0.5 ? 2.0 : (y[i] > -0.5 ? 1.0 : 0.0);
    }
    for (const char* name : {"random_forest_classifier", "extra_trees_regressor"}) {
      INFO(name << ", " << p << " features");
      const bool clf = std::string(name).find("classifier") != std::string::npos;
      auto est = make_estimator(name, {{"n_estimators", 37}, {"random_state", 4}});
      est->fit(X, clf ? labels : y);
      const auto bytes = save_bytes(*est, ModelEncoding::Binary);
      const auto loaded = load_bytes(bytes);
      const Vector expected = est->predict(X);
      for (const Estimator* e : {est.get(), loaded.get()}) {
        const auto& f = as_forest(*e);
        Index same = 0;
        for (Index i = 0; i < X.rows(); ++i) same += f.predict_row(X.row(i).data()) == expected[i];
        CHECK(same == X.rows());
      }
    }
  }
}
