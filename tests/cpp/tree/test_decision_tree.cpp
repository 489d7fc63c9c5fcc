// Decision trees against scikit-learn's (tests/reference/trees.json, written by
// tests/reference/make_tree_reference.py): the same nodes, thresholds, leaf values, predictions,
// leaf ids and importances; plus invariants, errors and hostile model files.
#include <catch2/catch.hpp>
#include <cmath>

#include "mlkit/tree/decision_tree.hpp"
#include "src/tree/detail/builder.hpp"
#include "tests/cpp/support/data.hpp"
#include "tests/cpp/support/reference.hpp"

using namespace mlkit;
using nlohmann::json;

namespace {

ParamMap params_from(const json& j) {
  ParamMap p;
  for (const auto& [k, v] : j.items()) {
    if (v.is_string())
      p[k] = v.get<std::string>();
    else if (v.is_number_integer())
      p[k] = v.get<long long>();
    else if (v.is_number())
      p[k] = v.get<double>();
    else if (v.is_null())
      p[k] = ParamValue();
  }
  return p;
}

// Two grown trees node for node: structure, splits, values and impurities.
void check_same_tree(const tree::detail::TreeStructure& a, const tree::detail::TreeStructure& b) {
  CHECK(a.left == b.left);
  CHECK(a.right == b.right);
  CHECK(a.feature == b.feature);
  CHECK(a.threshold == b.threshold);
  CHECK(a.missing_left == b.missing_left);
  CHECK(a.value == b.value);
  CHECK(a.impurity == b.impurity);
}

std::unique_ptr<Estimator> fit_case(const json& c) {
  const bool clf = c.at("estimator") == "classifier";
  ParamMap p = params_from(c.at("params"));
  p["random_state"] = 0;
  auto est = make_estimator(clf ? "decision_tree_classifier" : "decision_tree_regressor", p);
  FitOptions opts;
  opts.sample_weight = test::ref_vector(c.at("sample_weight"));
  const Matrix X = test::ref_matrix(c.at("X"));
  const Matrix Y = test::ref_matrix(c.at("y"));
  est->fit_multi(X, Y, opts);
  return est;
}

const tree::DecisionTreeBase& as_tree(const Estimator& e) {
  return dynamic_cast<const tree::DecisionTreeBase&>(e);
}

double max_rel(const Matrix& a, const Matrix& b) {
  REQUIRE(a.rows() == b.rows());
  REQUIRE(a.cols() == b.cols());
  double m = 0.0;
  for (Index i = 0; i < a.size(); ++i)
    m = std::max(m, std::fabs(a.data()[i] - b.data()[i]) / std::max(1.0, std::fabs(b.data()[i])));
  return m;
}

}  // namespace

TEST_CASE("decision trees: same splits, values and predictions as scikit-learn", "[tree][parity]") {
  for (const auto& c : test::reference_json("trees.json").at("cases")) {
    INFO("case: " << c.at("name").get<std::string>());
    const auto est = fit_case(c);
    const auto& t = as_tree(*est);
    const json& ref = c.at("tree");
    const tree::TreeArrays a = t.tree();
    const auto ints = [](const json& j) { return j.get<std::vector<std::int32_t>>(); };
    REQUIRE(a.children_left == ints(ref.at("children_left")));
    CHECK(a.children_right == ints(ref.at("children_right")));
    CHECK(a.feature == ints(ref.at("feature")));
    // Thresholds are midpoints of float32 values: identical, not merely close.
    CHECK(a.threshold == ref.at("threshold").get<std::vector<double>>());
    CHECK(max_rel(a.value, test::ref_matrix(ref.at("leaf_value"))) < 1e-12);
    CHECK(t.get_depth() == ref.at("depth").get<int>());
    CHECK(t.get_n_leaves() == ref.at("n_leaves").get<Index>());
    CHECK(max_rel(t.feature_importances(), test::ref_vector(ref.at("feature_importances"))) <
          1e-10);
    const Matrix X_test = test::ref_matrix(c.at("X_test"));
    CHECK(t.apply(X_test) == ints(ref.at("apply")));
    const Matrix pred = est->predict_multi(X_test);
    const Matrix want = test::ref_matrix(ref.at("predict"));
    if (c.at("estimator") == "classifier") {
      CHECK(test::identical(pred, want));
      CHECK(max_rel(est->predict_proba(X_test), test::ref_matrix(ref.at("predict_proba"))) < 1e-12);
    } else {
      CHECK(max_rel(pred, want) < 1e-12);
    }
    for (Index i = 0; i < X_test.rows(); ++i)
      CHECK(t.predict_row(X_test.row(i).data()) == pred(i, 0));
    if (c.contains("ccp_alphas")) {
      const Matrix X = test::ref_matrix(c.at("X"));
      const Matrix Y = test::ref_matrix(c.at("y"));
      FitOptions opts;
      opts.sample_weight = test::ref_vector(c.at("sample_weight"));
      tree::PruningPath path;
      if (auto* clf = dynamic_cast<const tree::DecisionTreeClassifier*>(est.get()))
        path = clf->cost_complexity_pruning_path(X, Y.col(0), opts);
      else
        path = dynamic_cast<const tree::DecisionTreeRegressor&>(*est).cost_complexity_pruning_path(
            X, Y, opts);
      CHECK(max_rel(path.ccp_alphas, test::ref_vector(c.at("ccp_alphas"))) < 1e-10);
      CHECK(max_rel(path.impurities, test::ref_vector(c.at("impurities"))) < 1e-10);
    }
  }
}

TEST_CASE("decision trees: sample weight 2 equals a duplicated row; row order does not matter",
          "[tree]") {
  const Matrix X = test::normal_matrix(80, 3, 11);
  Vector y(80);
  for (Index i = 0; i < 80; ++i) y[i] = std::sin(2 * X(i, 0)) + X(i, 1) * X(i, 2);
  Matrix Xd(100, 3);
  Vector yd(100), w = Vector::Ones(80);
  Xd.topRows(80) = X;
  yd.head(80) = y;
  for (Index i = 0; i < 20; ++i) {
    Xd.row(80 + i) = X.row(3 * i);
    yd[80 + i] = y[3 * i];
    w[3 * i] = 2.0;
  }
  const ParamMap p{{"max_depth", 4}, {"random_state", 0}};
  auto a = make_estimator("decision_tree_regressor", p);
  auto b = make_estimator("decision_tree_regressor", p);
  FitOptions opts;
  opts.sample_weight = w;
  a->fit(X, y, opts);
  b->fit(Xd, yd);
  const Matrix Xt = test::normal_matrix(50, 3, 12);
  CHECK((a->predict(Xt) - b->predict(Xt)).cwiseAbs().maxCoeff() < 1e-12);

  // Reversed rows: the same tree. (A classifier with unit weights: its class counts are exact
  // in any order, so even tied candidate splits compare the same way.)
  Vector labels(80);
  for (Index i = 0; i < 80; ++i) labels[i] = y[i] > 0.3 ? 2.0 : (y[i] > -0.3 ? 1.0 : 0.0);
  const Matrix Xr = X.colwise().reverse();
  const Vector lr = labels.reverse();
  auto c = make_estimator("decision_tree_classifier", {{"random_state", 0}});
  auto d = make_estimator("decision_tree_classifier", {{"random_state", 0}});
  c->fit(X, labels);
  d->fit(Xr, lr);
  CHECK(test::identical(c->predict_proba(Xt), d->predict_proba(Xt)));
}

TEST_CASE("decision trees: limits, random splitter, one class and errors", "[tree]") {
  const Matrix X = test::normal_matrix(200, 4, 13);
  Vector y(200);
  for (Index i = 0; i < 200; ++i) y[i] = X(i, 0) + X(i, 1) > 0 ? 1.0 : 0.0;

  auto t = make_estimator("decision_tree_classifier", {{"max_depth", 3}});
  t->fit(X, y);
  CHECK(as_tree(*t).get_depth() <= 3);
  auto l = make_estimator("decision_tree_classifier", {{"max_leaf_nodes", 5}});
  l->fit(X, y);
  CHECK(as_tree(*l).get_n_leaves() <= 5);
  auto r =
      make_estimator("decision_tree_classifier", {{"splitter", "random"}, {"random_state", 3}});
  r->fit(X, y);
  CHECK(r->score(X, y) == 1.0);
  const Vector imp = as_tree(*r).feature_importances();
  CHECK(std::fabs(imp.sum() - 1.0) < 1e-12);

  // One class: a single leaf predicting it (as scikit-learn).
  auto one = make_estimator("decision_tree_classifier");
  one->fit(X, Vector::Constant(200, 7.0));
  CHECK(as_tree(*one).node_count() == 1);
  CHECK((one->predict(X).array() == 7.0).all());

  // Bad parameters and labels.
  MLKIT_CHECK_THROWS(
      make_estimator("decision_tree_classifier", {{"min_samples_split", 1}})->fit(X, y),
      InvalidParameter, Catch::Matchers::Contains("min_samples_split"));
  CHECK_THROWS_AS(make_estimator("decision_tree_classifier", {{"max_features", 9}})->fit(X, y),
                  InvalidParameter);
  CHECK_THROWS_AS(make_estimator("decision_tree_classifier", {{"criterion", "mse"}}),
                  InvalidParameter);
  // Poisson needs non-negative targets with a positive sum (scikit-learn's checks), in trees and
  // forests alike.
  for (const char* name : {"decision_tree_regressor", "random_forest_regressor"}) {
    Vector yn = y;
    yn[5] = -1.0;
    MLKIT_CHECK_THROWS(make_estimator(name, {{"criterion", "poisson"}})->fit(X, yn), InvalidInput,
                       Catch::Matchers::Contains("negative"));
    MLKIT_CHECK_THROWS(make_estimator(name, {{"criterion", "poisson"}})->fit(X, Vector::Zero(200)),
                       InvalidInput,
                       Catch::Matchers::Contains("Sum of y is not strictly positive"));
  }
  CHECK_THROWS_AS(make_estimator("decision_tree_regressor", {{"criterion", "mae"}}),
                  InvalidParameter);
  Vector yc = y;
  yc[0] = 0.5;
  CHECK_THROWS_AS(make_estimator("decision_tree_classifier")->fit(X, yc), InvalidInput);

  const std::string text = as_tree(*t).export_text({"a", "b", "c", "d"});
  CHECK(text.rfind("|--- ", 0) == 0);
  CHECK(text.find("class: ") != std::string::npos);
  const auto paths = as_tree(*t).decision_path(X.topRows(3));
  const auto leaves = as_tree(*t).apply(X.topRows(3));
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(paths[i].front() == 0);
    CHECK(paths[i].back() == leaves[i]);
  }
}

TEST_CASE("decision trees: hostile model files are ModelFormatError", "[tree][serialize]") {
  const Matrix X = test::normal_matrix(60, 3, 14);
  Vector y(60);
  for (Index i = 0; i < 60; ++i) y[i] = X(i, 0) > 0 ? 1.0 : 0.0;
  auto est = make_estimator("decision_tree_classifier", {{"max_depth", 3}});
  est->fit(X, y);
  const json state = est->state_to_json();
  REQUIRE(state.at("tree").at("children_left").size() >= 3);
  auto expect_bad = [&](const std::function<void(json&)>& edit) {
    json s = state;
    edit(s);
    auto fresh = make_estimator("decision_tree_classifier");
    CHECK_THROWS_AS(fresh->state_from_json(s), ModelFormatError);
    CHECK(!fresh->fitted());
  };
  expect_bad([](json& s) { s["tree"]["children_left"][0] = 0; });    // self loop
  expect_bad([](json& s) { s["tree"]["children_left"][0] = 999; });  // out of range
  expect_bad([](json& s) { s["tree"]["children_right"][0] = s["tree"]["children_left"][0]; });
  expect_bad([](json& s) { s["tree"]["feature"][0] = 3; });  // feature >= n_features
  expect_bad([](json& s) { s["tree"]["feature"][0] = -7; });
  expect_bad([](json& s) { s["tree"]["threshold"][0] = "NaN"; });
  expect_bad([](json& s) { s["tree"]["value"].erase(0); });
  expect_bad([](json& s) { s["tree"]["value"][0] = 2.5; });  // not a fraction
  expect_bad([](json& s) { s["tree"]["missing_go_to_left"][0] = 2; });
  expect_bad([](json& s) { s["tree"].erase("feature"); });
  expect_bad([](json& s) { s["classes_"] = json::array(); });
  expect_bad([](json& s) { s["n_classes_"] = 5; });
  expect_bad([](json& s) { s["tree"]["children_left"] = json::array(); });
  // A leaf turned into a node pointing back at the root: a cycle.
  expect_bad([](json& s) {
    auto& l = s["tree"]["children_left"];
    for (std::size_t i = 0; i < l.size(); ++i)
      if (l[i] == -1) {
        l[i] = 0;
        s["tree"]["children_right"][i] = 1;
        s["tree"]["feature"][i] = 0;
        break;
      }
  });
}

TEST_CASE("decision trees: gathered, partitioned and presorted layouts grow the same tree",
          "[tree]") {
  // The builder gathers a node's feature values from the columns, keeps every column partitioned
  // with the samples, or keeps each column's samples sorted (best splitter); the split search
  // must not see the difference.
  Matrix X = test::normal_matrix(600, 7, 21);
  for (Index i = 0; i < 600; i += 9) X(i, i % 7) = std::nan("");        // missing values too
  for (Index i = 0; i < 600; ++i) X(i, 3) = std::round(X(i, 3) * 2.0);  // a few distinct values
  tree::detail::TrainingData d;
  d.n = X.rows();
  d.p = X.cols();
  d.Xc = tree::detail::TrainingData::columns(X);
  d.n_classes = 3;
  d.Y = Matrix(600, 2);
  for (Index i = 0; i < 600; ++i) {
    const auto v = [&](Index j) { return std::isnan(X(i, j)) ? 0.5 : X(i, j); };
    const double s = std::sin(v(0)) + v(1) * v(3);
    d.codes.push_back(s > 0.5 ? 2 : (s > -0.5 ? 1 : 0));
    d.Y(i, 0) = s;
    d.Y(i, 1) = v(2) > 0 ? 1.0 : -v(4);
  }
  Vector w(600);
  for (Index i = 0; i < 600; ++i) w[i] = static_cast<double>(i % 4);  // zeros left out
  using tree::detail::BuildConfig;
  using tree::detail::Criterion;
  for (const Criterion crit :
       {Criterion::Gini, Criterion::Entropy, Criterion::SquaredError, Criterion::AbsoluteError})
    for (const bool random : {false, true})
      for (const Index mf : {Index{1}, Index{3}, Index{7}})
        for (const Index leaves : {Index{0}, Index{12}}) {
          BuildConfig cfg;
          cfg.criterion = crit;
          cfg.random_splitter = random;
          cfg.max_features = mf;
          cfg.max_leaf_nodes = leaves;
          cfg.min_samples_leaf = 2;
          tree::detail::TrainingData data = d;
          if (crit == Criterion::SquaredError || crit == Criterion::AbsoluteError) {
            data.n_classes = 0;
            data.n_outputs = 2;
          }
          std::vector<tree::detail::TreeStructure> grown;
          for (const auto layout : {BuildConfig::Layout::Gather, BuildConfig::Layout::Partition,
                                    BuildConfig::Layout::Presort}) {
            cfg.layout = layout;
            Rng rng(5);
            grown.push_back(tree::detail::build_tree(data, w, cfg, rng));
          }
          INFO("criterion " << static_cast<int>(crit) << " random " << random << " max_features "
                            << mf << " max_leaf_nodes " << leaves);
          const auto& a = grown[0];
          CHECK(a.node_count() > 5);
          for (std::size_t j = 1; j < grown.size(); ++j) {
            const auto& b = grown[j];
            INFO("layout " << j);
            check_same_tree(a, b);
          }
        }
}

TEST_CASE("decision trees: features with few values are binned exactly", "[tree]") {
  Matrix X(300, 5);
  for (Index i = 0; i < 300; ++i) {
    X(i, 0) = static_cast<double>((i * 7) % 5) - 2.0;               // 5 values, signed
    X(i, 1) = (i % 2) ? 0.0 : -0.0;                                 // one value, two zeros
    X(i, 2) = static_cast<double>(i);                               // 300 values: not binned
    X(i, 3) = i == 17 ? std::nan("") : static_cast<double>(i % 3);  // a NaN: not binned
    X(i, 4) = static_cast<double>(i % 256) * 0.5;                   // 256 values: binned
  }
  tree::detail::TrainingData d;
  d.n = X.rows();
  d.p = X.cols();
  d.Xc = tree::detail::TrainingData::columns(X);
  d.bin_features();
  REQUIRE(d.bin_values.size() == 5);
  CHECK(d.bin_values[0] == std::vector<float>{-2.0f, -1.0f, 0.0f, 1.0f, 2.0f});
  CHECK(d.bin_values[1].size() == 1);
  CHECK(d.bin_values[2].empty());
  CHECK(d.bin_values[3].empty());
  CHECK(d.bin_values[4].size() == 256);
  REQUIRE(d.Xb.size() == 5 * 300);
  for (Index i = 0; i < 300; ++i) {
    const auto at = [&](Index f) { return d.Xb[static_cast<std::size_t>(f * 300 + i)]; };
    CHECK(d.bin_values[0][at(0)] == static_cast<float>(X(i, 0)));
    CHECK(at(1) == 0);
    CHECK(d.bin_values[4][at(4)] == static_cast<float>(X(i, 4)));
  }
  tree::detail::TrainingData none;
  none.n = 3;
  none.p = 1;
  none.Xc = {0.5f, std::nanf(""), 1.0f};
  none.bin_features();
  CHECK(none.Xb.empty());
}

TEST_CASE("decision trees: counting per value and sorting grow the same tree", "[tree]") {
  // Classification with whole-number weights searches a feature of at most 256 values from
  // class counts per value in large nodes, and sorts value indices in small ones; both are
  // exact, so the tree equals the one grown by sorting the float values.
  Matrix X = test::normal_matrix(3000, 6, 33);
  for (Index i = 0; i < 3000; ++i) {
    X(i, 0) = std::round(X(i, 0) * 3.0);          // about 20 values
    X(i, 1) = std::floor(X(i, 1) * 40.0) / 7.0;   // about 200 values
    X(i, 2) = static_cast<double>((i * 13) % 4);  // 4 values
    if (i % 11 == 0) X(i, 5) = std::nan("");      // continuous, with missing values
  }
  tree::detail::TrainingData d;
  d.n = X.rows();
  d.p = X.cols();
  d.Xc = tree::detail::TrainingData::columns(X);
  d.n_classes = 4;
  for (Index i = 0; i < 3000; ++i) {
    const double s = 0.4 * X(i, 0) + std::sin(X(i, 1)) + 0.3 * X(i, 2) + 0.5 * X(i, 3) +
                     (std::isnan(X(i, 5)) ? 1.0 : 0.2 * X(i, 5));
    d.codes.push_back(s > 1.0 ? 3 : (s > 0.0 ? 2 : (s > -1.0 ? 1 : 0)));
  }
  tree::detail::TrainingData binned = d;
  binned.bin_features();
  REQUIRE(binned.bin_values[0].size() > 5);
  REQUIRE(binned.bin_values[1].size() > 100);
  REQUIRE(binned.bin_values[3].empty());
  using tree::detail::BuildConfig;
  using tree::detail::Criterion;
  for (const Criterion crit : {Criterion::Gini, Criterion::Entropy})
    for (const int weighting : {0, 1, 2})
      for (const Index mf : {Index{2}, Index{6}})
        for (const Index leaves : {Index{0}, Index{30}})
          for (const auto layout : {BuildConfig::Layout::Gather, BuildConfig::Layout::Partition}) {
            Vector w(3000);
            for (Index i = 0; i < 3000; ++i)  // unit, bootstrap-like counts, fractional
              w[i] = weighting == 0 ? 1.0 : weighting == 1 ? (i % 3) : 0.5 + (i % 5) * 0.25;
            BuildConfig cfg;
            cfg.criterion = crit;
            cfg.max_features = mf;
            cfg.max_leaf_nodes = leaves;
            cfg.min_samples_leaf = 3;
            cfg.layout = layout;
            Rng r1(9), r2(9);
            const auto a = tree::detail::build_tree(d, w, cfg, r1);
            const auto b = tree::detail::build_tree(binned, w, cfg, r2);
            INFO("criterion " << static_cast<int>(crit) << " weighting " << weighting
                              << " max_features " << mf << " max_leaf_nodes " << leaves
                              << " layout " << static_cast<int>(layout));
            CHECK(a.node_count() > 20);
            check_same_tree(a, b);
          }
}

TEST_CASE("decision trees: a large tree predicts the same by batch and by row", "[tree]") {
  // Batch prediction walks a tree larger than a core's cache with 32 rows in lockstep (masks,
  // not branches), smaller ones with slots refilled row by row; both must reach the leaf
  // predict_row reaches.
  const Index n = 40000;
  Matrix X = test::normal_matrix(n, 3, 41);
  Vector y(n);
  for (Index i = 0; i < n; ++i) y[i] = std::sin(3 * X(i, 0)) + X(i, 1) * X(i, 2);
  for (Index i = 0; i < n; i += 11) X(i, i % 3) = std::nan("");
  auto est = make_estimator("decision_tree_regressor", {{"random_state", 0}});
  est->fit(X, y);
  const auto& t = as_tree(*est);
  REQUIRE(t.node_count() * 16 > (Index{512} << 10));  // larger than L2
  Matrix Xt = test::normal_matrix(5003, 3, 42);       // not a multiple of 32 rows
  for (Index i = 0; i < Xt.rows(); i += 7) Xt(i, (i / 7) % 3) = std::nan("");
  const Vector batch = est->predict(Xt);
  Index same = 0;
  for (Index i = 0; i < Xt.rows(); ++i) same += t.predict_row(Xt.row(i).data()) == batch[i];
  CHECK(same == Xt.rows());
  CHECK(est->predict(X) == y);  // a fully grown tree fits its distinct training rows
}

TEST_CASE("decision trees: absolute error predicts weighted medians", "[tree]") {
  // Eight targets: the median of an even count is the midpoint of the middle two (scikit-learn's
  // value 7 at the root), a weight that puts more than half on one target makes it the median.
  tree::detail::TrainingData d;
  d.n = 8;
  d.p = 1;
  d.Y = Matrix(8, 1);
  const double ys[] = {1, 2, 3, 4, 10, 11, 12, 13};
  for (Index i = 0; i < 8; ++i) {
    d.Xc.push_back(static_cast<float>(i));
    d.Y(i, 0) = ys[i];
  }
  tree::detail::BuildConfig cfg;
  cfg.criterion = tree::detail::Criterion::AbsoluteError;
  cfg.max_depth = 1;
  Rng rng(0);
  Vector w = Vector::Ones(8);
  const auto t = tree::detail::build_tree(d, w, cfg, rng);
  REQUIRE(t.node_count() == 3);
  CHECK(t.threshold[0] == 3.5);
  CHECK(t.value == std::vector<double>{7.0, 2.5, 11.5});
  CHECK(t.impurity == std::vector<double>{4.5, 1.0, 1.0});
  w[6] = 9.0;  // 9 of 16 on y = 12
  cfg.max_depth = 0;
  const auto one = tree::detail::build_tree(d, w, cfg, rng);
  REQUIRE(one.node_count() == 1);
  CHECK(one.value[0] == 12.0);
  // sum w |y - 12| / W = (11 + 10 + 9 + 8 + 2 + 1 + 0 + 1) / 16
  CHECK(one.impurity[0] == Approx(42.0 / 16.0).epsilon(1e-15));
}
