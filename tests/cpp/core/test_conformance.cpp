// The conformance suite: every registered estimator is checked against the contract of
// DESIGN.md §2 and §6. A new estimator is covered by registering it.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "tests/cpp/support/data.hpp"

using namespace mlkit;
using test::fit_any;
using test::identical;
using test::outputs;

namespace {

// A value that `def` must refuse, or None when it would accept every candidate.
std::optional<ParamValue> invalid_value(const ParamDef& def) {
  const ParamValue candidates[] = {ParamValue("__not_a_valid_value__"),
                                   ParamValue(ParamValue::List{}),
                                   ParamValue(std::numeric_limits<double>::quiet_NaN()),
                                   ParamValue(-1e300),
                                   ParamValue(1e300),
                                   ParamValue()};
  for (const auto& c : candidates)
    if (!def.accepts(c)) return c;
  return std::nullopt;
}

void for_each_estimator(const std::function<void(const EstimatorInfo&)>& check) {
  REQUIRE(!Registry::global().all().empty());
  for (const auto& info : Registry::global().all()) {
    INFO("estimator: " << info.name);
    // Stochastic estimators get a fixed random_state, as scikit-learn's checks give them.
    EstimatorInfo seeded = info;
    const auto probe = info.instance();
    if (probe->tags().stochastic && probe->param_table().find("random_state"))
      seeded.create = [create = info.create] {
        auto e = create();
        e->set_params({{"random_state", 0}});
        return e;
      };
    check(seeded);
  }
}

// A new instance; one with a random_state gets a fixed one, so that two fits can be compared
// (as scikit-learn's checks do with set_random_state).
std::unique_ptr<Estimator> seeded(const EstimatorInfo& info) {
  auto est = info.instance();
  if (est->param_table().find("random_state")) est->set_params({{"random_state", 0}});
  return est;
}

}  // namespace

TEST_CASE("conformance: constructible by name with its declared parameters", "[conformance]") {
  for_each_estimator([](const EstimatorInfo& info) {
    auto est = make_estimator(info.name);
    CHECK(est->name() == info.name);
    CHECK(!est->fitted());
    const ParamMap params = est->get_params();
    const ParamTable& table = est->param_table();
    REQUIRE(params.size() == table.defs().size());
    for (const auto& def : table.defs()) {
      INFO("parameter: " << def.name);
      REQUIRE(params.count(def.name) == 1);
      CHECK(params.at(def.name) == def.default_value);
      CHECK(def.accepts(def.default_value));
      CHECK(!def.doc.empty());
    }
  });
}

TEST_CASE("conformance: get_params/set_params round trip", "[conformance]") {
  for_each_estimator([](const EstimatorInfo& info) {
    auto est = info.instance();
    const ParamMap before = est->get_params();
    est->set_params(before);
    CHECK(est->get_params() == before);
    // Every accepted boolean flips and comes back.
    for (const auto& def : est->param_table().defs()) {
      if (!def.default_value.is_bool()) continue;
      est->set_params({{def.name, !def.default_value.as_bool()}});
      CHECK(est->get_params().at(def.name) == ParamValue(!def.default_value.as_bool()));
      est->set_params({{def.name, def.default_value}});
    }
    CHECK(est->get_params() == before);
  });
}

TEST_CASE("conformance: unknown and invalid parameters are rejected with messages",
          "[conformance]") {
  for_each_estimator([](const EstimatorInfo& info) {
    auto est = info.instance();
    const ParamMap before = est->get_params();
    MLKIT_CHECK_THROWS(
        est->set_params({{"no_such_param", 1}}), InvalidParameter,
        Catch::Matchers::Contains("Invalid parameter 'no_such_param' for estimator " +
                                  std::string(est->class_name())));
    CHECK_THROWS_AS(make_estimator(info.name, {{"no_such_param", 1}}), InvalidParameter);
    for (const auto& def : est->param_table().defs()) {
      INFO("parameter: " << def.name);
      const auto bad = invalid_value(def);
      if (!bad) continue;
      const std::string expected = "The '" + def.name + "' parameter of " +
                                   std::string(est->class_name()) + " must be " + def.describe() +
                                   ". Got " + bad->repr() + " instead.";
      // A bad value next to a good one: the error names the bad one and nothing changes.
      ParamMap change{{def.name, *bad}};
      for (const auto& other : est->param_table().defs())
        if (other.name != def.name) {
          change.emplace(other.name, other.default_value);
          break;
        }
      MLKIT_CHECK_THROWS(est->set_params(change), InvalidParameter,
                         Catch::Matchers::Equals(expected));
      CHECK(est->get_params() == before);
    }
  });
}

TEST_CASE("conformance: clone is unfitted with equal parameters", "[conformance]") {
  for_each_estimator([](const EstimatorInfo& info) {
    auto est = info.instance();
    for (const auto& def : est->param_table().defs())
      if (def.default_value.is_bool()) {
        est->set_params({{def.name, !def.default_value.as_bool()}});
        break;
      }
    const Matrix X = test::normal_matrix(30, 3, 1);
    fit_any(*est, X, test::target_for(*est, X, 1));
    auto copy = est->clone();
    CHECK(!copy->fitted());
    CHECK(copy->get_params() == est->get_params());
    CHECK(copy->name() == est->name());
  });
}

TEST_CASE("conformance: use before fit throws NotFitted", "[conformance]") {
  for_each_estimator([](const EstimatorInfo& info) {
    auto est = info.instance();
    const Tags& t = est->tags();
    const Matrix X = test::normal_matrix(5, 3, 2);
    CHECK((t.has_predict || t.has_transform || t.has_predict_proba || t.has_decision_function));
    if (t.has_predict) CHECK_THROWS_AS(est->predict(X), NotFitted);
    if (t.has_predict_proba) CHECK_THROWS_AS(est->predict_proba(X), NotFitted);
    if (t.has_decision_function) CHECK_THROWS_AS(est->decision_function(X), NotFitted);
    if (t.has_transform) CHECK_THROWS_AS(est->transform(X), NotFitted);
    if (t.has_inverse_transform) CHECK_THROWS_AS(est->inverse_transform(X), NotFitted);
    CHECK_THROWS_AS(est->n_features_in(), NotFitted);
    CHECK_THROWS_AS(est->state_to_json(), NotFitted);
    CHECK_THROWS_AS(save_bytes(*est, ModelEncoding::Json), NotFitted);
  });
}

TEST_CASE("conformance: operations the tags deny throw NotSupported", "[conformance]") {
  for_each_estimator([](const EstimatorInfo& info) {
    auto est = info.instance();
    const Matrix X = test::normal_matrix(30, 3, 3);
    fit_any(*est, X, test::target_for(*est, X, 3));
    const Tags& t = est->tags();
    if (!t.has_predict) CHECK_THROWS_AS(est->predict(X), NotSupported);
    if (!t.has_predict_proba) CHECK_THROWS_AS(est->predict_proba(X), NotSupported);
    if (!t.has_decision_function) CHECK_THROWS_AS(est->decision_function(X), NotSupported);
    if (!t.has_transform) CHECK_THROWS_AS(est->transform(X), NotSupported);
    if (!t.has_inverse_transform) CHECK_THROWS_AS(est->inverse_transform(X), NotSupported);
  });
}

TEST_CASE("conformance: fitting twice gives identical results", "[conformance]") {
  for_each_estimator([](const EstimatorInfo& info) {
    auto a = seeded(info);
    auto b = seeded(info);
    const Matrix X = test::normal_matrix(60, 4, 4);
    const Vector y = test::target_for(*a, X, 4);
    fit_any(*a, X, y);
    fit_any(*b, X, y);
    const Matrix first = outputs(*a, X);
    fit_any(*a, X, y);
    CHECK(identical(outputs(*a, X), first));
    CHECK(identical(outputs(*b, X), first));
    CHECK(a->n_features_in() == 4);
  });
}

TEST_CASE("conformance: save and load predict bit-identically in both encodings",
          "[conformance][serialize]") {
  for_each_estimator([](const EstimatorInfo& info) {
    auto est = info.instance();
    const Matrix X = test::normal_matrix(50, 4, 5);
    fit_any(*est, X, test::target_for(*est, X, 5));
    const Matrix expected = outputs(*est, X);
    for (auto enc : {ModelEncoding::Json, ModelEncoding::Binary}) {
      const auto bytes = save_bytes(*est, enc);
      auto loaded = load_bytes(bytes);
      CHECK(loaded->name() == est->name());
      CHECK(loaded->get_params() == est->get_params());
      CHECK(loaded->n_features_in() == est->n_features_in());
      CHECK(identical(outputs(*loaded, X), expected));
      // Saving the loaded model reproduces the file exactly.
      CHECK(save_bytes(*loaded, enc) == bytes);
    }
  });
}

TEST_CASE("conformance: NaN, infinity, empty input and wrong shapes give documented errors",
          "[conformance]") {
  for_each_estimator([](const EstimatorInfo& info) {
    auto est = info.instance();
    const Tags& t = est->tags();
    Matrix X = test::normal_matrix(30, 3, 6);
    const Vector y = test::target_for(*est, X, 6);

    Matrix X_inf = X;
    X_inf(2, 1) = std::numeric_limits<double>::infinity();
    MLKIT_CHECK_THROWS(fit_any(*est, X_inf, y), InvalidInput,
                       Catch::Matchers::Contains("infinity"));
    Matrix X_nan = X;
    X_nan(4, 0) = std::numeric_limits<double>::quiet_NaN();
    if (!t.allow_nan)
      MLKIT_CHECK_THROWS(fit_any(*est, X_nan, y), InvalidInput, Catch::Matchers::Contains("NaN"));
    CHECK_THROWS_AS(fit_any(*est, Matrix(0, 3), Vector()), InvalidInput);
    CHECK_THROWS_AS(fit_any(*est, Matrix(5, 0), Vector::Zero(5)), InvalidInput);
    if (t.requires_y) {
      CHECK_THROWS_AS(est->fit(X, Vector(y.head(10))), InvalidInput);
      Vector y_nan = y;
      y_nan[3] = std::numeric_limits<double>::quiet_NaN();
      CHECK_THROWS_AS(est->fit(X, y_nan), InvalidInput);
      CHECK_THROWS_AS(est->fit(X), InvalidInput);
    }
    if (t.supports_sample_weight) {
      FitOptions opts;
      opts.sample_weight = Vector::Ones(X.rows());
      opts.sample_weight[0] = -1;
      CHECK_THROWS_AS(fit_any(*est, X, y, opts), InvalidInput);
      opts.sample_weight = Vector::Ones(X.rows() - 1);
      CHECK_THROWS_AS(fit_any(*est, X, y, opts), InvalidInput);
    } else {
      FitOptions opts;
      opts.sample_weight = Vector::Ones(X.rows());
      CHECK_THROWS_AS(fit_any(*est, X, y, opts), NotSupported);
    }

    fit_any(*est, X, y);
    const Matrix wrong = test::normal_matrix(5, 4, 7);
    const Matrix empty(0, 3);
    if (t.has_predict) {
      MLKIT_CHECK_THROWS(est->predict(wrong), InvalidInput,
                         Catch::Matchers::Contains("X has 4 features, but"));
      CHECK_THROWS_AS(est->predict(empty), InvalidInput);
      CHECK_THROWS_AS(est->predict(X_inf), InvalidInput);
      if (!t.allow_nan) CHECK_THROWS_AS(est->predict(X_nan), InvalidInput);
    }
    if (t.has_transform) {
      MLKIT_CHECK_THROWS(est->transform(wrong), InvalidInput,
                         Catch::Matchers::Contains("X has 4 features, but"));
      CHECK_THROWS_AS(est->transform(empty), InvalidInput);
      CHECK_THROWS_AS(est->transform(X_inf), InvalidInput);
    }
    if (t.has_inverse_transform) CHECK_THROWS_AS(est->inverse_transform(wrong), InvalidInput);
  });
}

TEST_CASE("conformance: a failed or cancelled fit leaves the earlier fitted state intact",
          "[conformance]") {
  for_each_estimator([](const EstimatorInfo& info) {
    auto est = info.instance();
    const Matrix A = test::normal_matrix(40, 3, 8);
    const Matrix B = 5.0 * test::normal_matrix(40, 3, 9).array() + 2.0;
    fit_any(*est, A, test::target_for(*est, A, 8));
    const Matrix before = outputs(*est, A);

    // Failing at the very last checkpoint, when all the new state has been computed.
    FitOptions failing;
    bool reached_end = false;
    failing.progress = [&](double fraction) {
      if (fraction >= 1.0) {
        reached_end = true;
        throw Cancelled("stop at the end");
      }
    };
    CHECK_THROWS_AS(fit_any(*est, B, test::target_for(*est, B, 9), failing), Cancelled);
    CHECK(reached_end);
    CHECK(est->fitted());
    CHECK(identical(outputs(*est, A), before));

    std::atomic<bool> cancel{true};
    FitOptions cancelled;
    cancelled.cancel = &cancel;
    CHECK_THROWS_AS(fit_any(*est, B, test::target_for(*est, B, 9), cancelled), Cancelled);
    CHECK(identical(outputs(*est, A), before));

    // Bad data on a wider matrix must not change n_features_in_ either.
    Matrix bad = test::normal_matrix(40, 5, 10);
    bad(0, 0) = std::numeric_limits<double>::infinity();
    CHECK_THROWS_AS(fit_any(*est, bad, test::target_for(*est, bad, 10)), InvalidInput);
    CHECK(est->n_features_in() == 3);
    CHECK(identical(outputs(*est, A), before));
  });
}

TEST_CASE("conformance: progress is reported in order and ends at 1", "[conformance]") {
  for_each_estimator([](const EstimatorInfo& info) {
    auto est = info.instance();
    const Matrix X = test::normal_matrix(40, 3, 11);
    std::vector<double> seen;
    FitOptions opts;
    opts.progress = [&](double f) { seen.push_back(f); };
    fit_any(*est, X, test::target_for(*est, X, 11), opts);
    REQUIRE(!seen.empty());
    CHECK(seen.back() == 1.0);
    CHECK(std::is_sorted(seen.begin(), seen.end()));
  });
}

TEST_CASE("conformance: unit sample weights give the unweighted fit", "[conformance]") {
  for_each_estimator([](const EstimatorInfo& info) {
    auto a = seeded(info);
    if (!a->tags().supports_sample_weight) return;
    auto b = seeded(info);
    const Matrix X = test::normal_matrix(40, 3, 12);
    const Vector y = test::target_for(*a, X, 12);
    FitOptions ones;
    ones.sample_weight = Vector::Ones(X.rows());
    fit_any(*a, X, y);
    fit_any(*b, X, y, ones);
    const Matrix oa = outputs(*a, X), ob = outputs(*b, X);
    CHECK(((oa - ob).array().abs() <= 1e-10 * (1.0 + oa.array().abs())).all());
  });
}
