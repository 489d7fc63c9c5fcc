// Pipeline, ColumnTransformer and FeatureUnion: they compute what the chained or concatenated
// parts compute, reach their parts' parameters as `part__param`, keep a failed fit from
// touching the fitted state, and refuse bad structure and hostile model files.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/cpp/support/data.hpp"

using namespace mlkit;
using namespace mlkit::pipeline;
using nlohmann::json;

namespace {

Pipeline scaler_then_ols() {
  Pipeline p;
  p.add("scaler", make_estimator("standard_scaler"))
      .add("model", make_estimator("linear_regression"));
  return p;
}

Vector linear_target(const Matrix& X) {
  Vector y = 2.0 * X.col(0) - X.col(1) + 0.5 * X.col(2);
  return y.array() + 3.0;
}

}  // namespace

TEST_CASE("a pipeline computes what its chained steps compute", "[pipeline]") {
  const Matrix X = test::normal_matrix(60, 3, 1) * 5.0;
  const Vector y = linear_target(X) + 0.1 * test::normal_matrix(60, 1, 2).col(0);
  Pipeline p = scaler_then_ols();
  p.fit(X, y);

  auto scaler = make_estimator("standard_scaler");
  const Matrix Xs = scaler->fit_transform(X);
  auto ols = make_estimator("linear_regression");
  ols->fit(Xs, y);
  const Matrix Xn = test::normal_matrix(7, 3, 3);
  CHECK(p.predict(Xn) == ols->predict(scaler->transform(Xn)));
  CHECK(p.score(X, y) == ols->score(Xs, y));
  CHECK(p.n_features_in() == 3);
  CHECK(p.tags().kind == Tags::Kind::Regressor);
  CHECK(p.tags().allow_nan);  // the first step, StandardScaler, lets NaN through
  CHECK(p.named_step("scaler").fitted());
  CHECK(&p.final_estimator() == &p.named_step("model"));
  CHECK_THROWS_AS(p.transform(Xn), NotSupported);  // LinearRegression has no transform
  CHECK_THROWS_AS(p.named_step("nope"), InvalidParameter);
}

TEST_CASE("pipeline parameters are reached as step__param", "[pipeline]") {
  Pipeline p = scaler_then_ols();
  const ParamMap params = p.get_params();
  CHECK(params.at("scaler__with_mean") == ParamValue(true));
  CHECK(params.at("model__fit_intercept") == ParamValue(true));
  p.set_params({{"scaler__with_mean", false}, {"model__fit_intercept", false}});
  CHECK(p.named_step("scaler").get_params().at("with_mean") == ParamValue(false));
  CHECK(p.get_params().at("model__fit_intercept") == ParamValue(false));
  // An unknown step or parameter, or a bad value, changes nothing.
  CHECK_THROWS_AS(p.set_params({{"nope__x", 1}}), InvalidParameter);
  CHECK_THROWS_AS(p.set_params({{"scaler__nope", 1}}), InvalidParameter);
  CHECK_THROWS_AS(p.set_params({{"scaler__with_mean", true}, {"model__tol", -1.0}}),
                  InvalidParameter);
  CHECK(p.get_params().at("scaler__with_mean") == ParamValue(false));
  // clone keeps the structure and parameters, unfitted.
  auto c = p.clone();
  CHECK(c->get_params() == p.get_params());
  CHECK_FALSE(c->fitted());
}

TEST_CASE("pipeline structure errors are named", "[pipeline]") {
  const Matrix X = test::normal_matrix(20, 3, 1);
  const Vector y = linear_target(X);
  CHECK_THROWS_WITH(Pipeline().fit(X, y), Catch::Contains("no steps"));
  Pipeline bad;
  bad.add("model", make_estimator("linear_regression"))
      .add("scaler", make_estimator("standard_scaler"));
  CHECK_THROWS_WITH(bad.fit(X, y), Catch::Contains("'model' (LinearRegression) doesn't"));
  Pipeline dup;
  dup.add("a", make_estimator("standard_scaler")).add("a", make_estimator("linear_regression"));
  CHECK_THROWS_WITH(dup.fit(X, y), Catch::Contains("not unique"));
  Pipeline dunder;
  dunder.add("a__b", make_estimator("standard_scaler"))
      .add("m", make_estimator("linear_regression"));
  CHECK_THROWS_WITH(dunder.fit(X, y), Catch::Contains("must not contain __"));
  // A regressor at the end needs y.
  CHECK_THROWS_WITH(scaler_then_ols().fit(X), Catch::Contains("requires y"));
}

TEST_CASE("passthrough steps are identities", "[pipeline]") {
  const Matrix X = test::normal_matrix(30, 3, 4);
  const Vector y = linear_target(X);
  Pipeline p;
  p.add("skip", nullptr).add("model", make_estimator("linear_regression"));
  p.fit(X, y);
  auto ols = make_estimator("linear_regression");
  ols->fit(X, y);
  CHECK(p.predict(X) == ols->predict(X));
  CHECK_THROWS_AS(p.named_step("skip"), NotSupported);

  Pipeline t;
  t.add("scaler", make_estimator("standard_scaler")).add("end", nullptr);
  CHECK(t.tags().kind == Tags::Kind::Transformer);
  const Matrix Z = t.fit_transform(X);
  CHECK(Z == make_estimator("standard_scaler")->fit_transform(X));
  CHECK(t.inverse_transform(Z).isApprox(X, 1e-12));
}

TEST_CASE("a failed pipeline fit leaves the fitted pipeline as it was", "[pipeline]") {
  const Matrix X = test::normal_matrix(30, 3, 5);
  const Vector y = linear_target(X);
  Pipeline p = scaler_then_ols();
  p.fit(X, y);
  const Vector before = p.predict(X);
  Matrix bad = X;
  bad(3, 1) = std::numeric_limits<double>::infinity();
  CHECK_THROWS_AS(p.fit(bad, y), InvalidInput);
  CHECK(p.predict(X) == before);
  std::atomic<bool> cancel{true};
  FitOptions opts;
  opts.cancel = &cancel;
  CHECK_THROWS_AS(p.fit(test::normal_matrix(30, 3, 6), y, opts), Cancelled);
  CHECK(p.predict(X) == before);
}

TEST_CASE("pipeline progress runs from 0 to 1 across the steps", "[pipeline]") {
  const Matrix X = test::normal_matrix(30, 3, 5);
  std::vector<double> seen;
  FitOptions opts;
  opts.progress = [&](double f) { seen.push_back(f); };
  Pipeline p = scaler_then_ols();
  p.fit(X, linear_target(X), opts);
  REQUIRE(seen.size() >= 3);
  CHECK(std::is_sorted(seen.begin(), seen.end()));
  CHECK(seen.front() <= 0.5);
  CHECK(seen.back() == 1.0);
}

TEST_CASE("sample weights reach every step that takes them", "[pipeline]") {
  const Matrix X = test::normal_matrix(40, 3, 7) * 3.0;
  const Vector y = linear_target(X) + test::normal_matrix(40, 1, 8).col(0);
  Vector w = test::normal_matrix(40, 1, 9).col(0).cwiseAbs();
  FitOptions opts;
  opts.sample_weight = w;
  Pipeline p = scaler_then_ols();
  p.fit(X, y, opts);
  auto scaler = make_estimator("standard_scaler");
  scaler->fit(X, opts);
  auto ols = make_estimator("linear_regression");
  ols->fit(scaler->transform(X), y, opts);
  CHECK(p.predict(X) == ols->predict(scaler->transform(X)));
}

TEST_CASE("column transformer applies each part to its own columns", "[pipeline]") {
  const Matrix X = test::normal_matrix(25, 4, 10) * 4.0;
  auto make = [](std::string remainder) {
    ColumnTransformer ct(ColumnTransformerParams{std::move(remainder)});
    ct.add("std", make_estimator("standard_scaler"), Columns::by_index({2, 0}))
        .add("mm", make_estimator("min_max_scaler"), Columns::by_name({"d"}));
    return ct;
  };
  FitOptions opts;
  opts.feature_names = {"a", "b", "c", "d"};
  for (std::string remainder : {"drop", "passthrough"}) {
    INFO("remainder: " << remainder);
    ColumnTransformer ct = make(remainder);
    const Matrix Z = ct.fit_transform(X, opts);
    const Matrix A = make_estimator("standard_scaler")->fit_transform(X(Eigen::all, {2, 0}));
    const Matrix D = make_estimator("min_max_scaler")->fit_transform(X(Eigen::all, {3}));
    REQUIRE(Z.cols() == (remainder == "drop" ? 3 : 4));
    CHECK(Z.leftCols(2) == A);
    CHECK(Z.col(2) == D.col(0));
    if (remainder == "passthrough") CHECK(Z.col(3) == X.col(1));
    CHECK(ct.fitted_columns() == std::vector<std::vector<Index>>{{2, 0}, {3}});
    CHECK(ct.remainder_columns() == std::vector<Index>{1});
    // Reloaded from a model file, it selects the same columns by position.
    auto back = load_bytes(save_bytes(ct, ModelEncoding::Binary));
    CHECK(back->transform(X) == Z);
  }
  ColumnTransformer ct = make("drop");
  CHECK_THROWS_WITH(ct.fit(X), Catch::Contains("column names are unknown"));
  opts.feature_names = {"a", "b", "c", "x"};
  CHECK_THROWS_WITH(ct.fit(X, opts), Catch::Contains("'d', which is not among"));
  ColumnTransformer out;
  out.add("std", make_estimator("standard_scaler"), Columns::by_index({4}));
  CHECK_THROWS_WITH(out.fit(X), Catch::Contains("selects column 4"));
  CHECK(make("drop").get_params().at("std__with_mean") == ParamValue(true));
  CHECK_THROWS_AS(make("drop").set_params({{"remainder", "keep"}}), InvalidParameter);
}

TEST_CASE("feature union concatenates its parts' outputs", "[pipeline]") {
  const Matrix X = test::normal_matrix(25, 3, 11) * 2.0;
  FeatureUnion fu;
  fu.add("std", make_estimator("standard_scaler"))
      .add("gone", nullptr)
      .add_passthrough("raw")
      .add("mm", make_estimator("min_max_scaler"));
  const Matrix Z = fu.fit_transform(X);
  REQUIRE(Z.cols() == 9);
  CHECK(Z.leftCols(3) == make_estimator("standard_scaler")->fit_transform(X));
  CHECK(Z.middleCols(3, 3) == X);
  CHECK(Z.rightCols(3) == make_estimator("min_max_scaler")->fit_transform(X));
  FeatureUnion bad;
  bad.add("model", make_estimator("linear_regression"));
  CHECK_THROWS_WITH(bad.fit(X), Catch::Contains("'model' (LinearRegression) doesn't"));
}

TEST_CASE("composites nest, and their model files round trip", "[pipeline]") {
  const Matrix X = test::normal_matrix(40, 3, 12) * 3.0;
  const Vector y = linear_target(X);
  auto union_part = std::make_unique<FeatureUnion>();
  union_part->add("std", make_estimator("standard_scaler")).add_passthrough("raw");
  Pipeline p;
  p.add("features", std::move(union_part)).add("model", make_estimator("linear_regression"));
  p.set_params({{"features__std__with_std", false}});
  p.fit(X, y);
  CHECK(p.get_params().at("features__std__with_std") == ParamValue(false));
  for (auto enc : {ModelEncoding::Json, ModelEncoding::Binary}) {
    auto back = load_bytes(save_bytes(p, enc));
    CHECK(back->predict(X) == p.predict(X));
    CHECK(back->get_params() == p.get_params());
  }
  // An unfitted spec builds the same structure.
  auto spec = from_spec(to_spec(p));
  CHECK_FALSE(spec->fitted());
  CHECK(spec->get_params() == p.get_params());
  spec->fit(X, y);
  CHECK(spec->predict(X) == p.predict(X));
}

TEST_CASE("hostile composite model files are refused", "[pipeline][hostile]") {
  const Matrix X = test::normal_matrix(20, 3, 13);
  Pipeline p = scaler_then_ols();
  p.fit(X, linear_target(X));
  const json good = to_document(p);
  REQUIRE_NOTHROW(from_document(good));
  auto expect = [](json doc, const char* what) {
    INFO(what);
    CHECK_THROWS_AS(from_document(doc), ModelFormatError);
  };
  json d = good;
  d["components"][0].erase("state");
  expect(d, "a step without state");
  d = good;
  d["components"][0]["estimator"] = "no_such";
  expect(d, "an unknown step estimator");
  d = good;
  d["components"] = json::object();
  expect(d, "components not an array");
  d = good;
  d["components"][1]["name"] = "scaler";
  expect(d, "duplicate names");
  d = good;
  d["components"][0]["estimator"] = "drop";
  expect(d, "a keyword the pipeline does not know");
  d = good;
  d["components"] = json::array({good["components"][1], good["components"][0]});
  expect(d, "a regressor in the middle");
  d = good;
  d["state"]["n_features_in_"] = 5;
  expect(d, "feature counts that disagree");
  d = good;
  d["components"][0]["state"]["n_features_in_"] = 2;
  expect(d, "a step state of the wrong width");
  d = good;
  d.erase("components");
  expect(d, "a fitted pipeline without components");

  ColumnTransformer ct;
  ct.add("s", make_estimator("standard_scaler"), Columns::by_index({0, 2}));
  ct.fit(X);
  const json cgood = to_document(ct);
  REQUIRE_NOTHROW(from_document(cgood));
  d = cgood;
  d["state"]["fitted_columns"][0][1] = 3;
  expect(d, "a column index out of range");
  d = cgood;
  d["state"]["fitted_columns"][0] = json::array({0});
  expect(d, "a part fitted on another number of columns");
  d = cgood;
  d["components"][0]["columns"] = json::array({0, "b"});
  expect(d, "mixed column kinds");
  d = cgood;
  d["components"][0].erase("columns");
  expect(d, "no columns");
}
