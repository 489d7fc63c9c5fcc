// The base contract beyond what the conformance suite iterates: nested parameters, scoring,
// several targets, and the registry.
#include <catch2/catch.hpp>

#include <thread>

#include "src/core/detail/param_table_builder.hpp"
#include "tests/cpp/support/data.hpp"

using namespace mlkit;

namespace {

// A minimal composite: scales X, then fits a linear regression. It exists to test nested
// `step__param` names until the real Pipeline lands.
struct ChainParams {
  bool scale = true;
};

class Chain final : public Estimator {
 public:
  std::unique_ptr<Estimator> clone() const override {
    auto c = std::make_unique<Chain>();
    c->params_ = params_;
    c->scaler_ = preprocessing::StandardScaler(scaler_.params());
    c->reg_ = linear_model::LinearRegression(reg_.params());
    return c;
  }
  std::string_view name() const override { return "test_chain"; }
  const Tags& tags() const override { return reg_.tags(); }
  const ParamTable& param_table() const override {
    static const ParamTable t = detail::ParamTableBuilder<ChainParams>("Chain")
                                    .add("scale", &ChainParams::scale, "Scale first.")
                                    .build();
    return t;
  }
  linear_model::LinearRegression reg_;
  preprocessing::StandardScaler scaler_;

 protected:
  void fit_impl(MatrixView X, MatrixView Y, const FitOptions& opts) override {
    opts.checkpoint(1.0);
    reg_.fit_multi(params_.scale ? scaler_.fit_transform(X) : Matrix(X), Y);
  }
  Matrix predict_impl(MatrixView X) const override {
    return reg_.predict_multi(params_.scale ? scaler_.transform(X) : Matrix(X));
  }
  const void* param_struct() const override { return &params_; }
  const Estimator* nested(std::string_view step) const {
    if (step == "reg") return &reg_;
    if (step == "scaler") return &scaler_;
    return nullptr;
  }
  Estimator* nested_estimator(std::string_view step) override {
    return const_cast<Estimator*>(nested(step));
  }
  void save_state(nlohmann::json&) const override {}
  void load_state(const nlohmann::json&, Index, Index) override {}

 private:
  ChainParams params_;
};

}  // namespace

TEST_CASE("nested step__param names reach the nested estimator", "[estimator]") {
  Chain chain;
  chain.set_params({{"reg__fit_intercept", false}, {"scaler__with_mean", false}, {"scale", false}});
  CHECK(chain.reg_.params().fit_intercept == false);
  CHECK(chain.scaler_.params().with_mean == false);
  CHECK(chain.get_params().at("scale") == ParamValue(false));

  // An unknown step, an unknown nested name or a bad nested value changes nothing at all.
  MLKIT_CHECK_THROWS(chain.set_params({{"nope__x", 1}}), InvalidParameter,
                     Catch::Matchers::Contains("Invalid parameter 'nope' for estimator Chain()"));
  CHECK_THROWS_AS(chain.set_params({{"scale", true}, {"reg__alpha", 1.0}}), InvalidParameter);
  CHECK(chain.get_params().at("scale") == ParamValue(false));
  CHECK_THROWS_AS(chain.set_params({{"reg__fit_intercept", true}, {"scale", 3}}), InvalidParameter);
  CHECK(chain.reg_.params().fit_intercept == false);
}

TEST_CASE("score is R² for regressors and refuses transformers", "[estimator]") {
  const Matrix X = test::normal_matrix(50, 3, 21);
  const Vector y = X * Vector::LinSpaced(3, 1, 3) + Vector::Constant(50, 0.5);
  linear_model::LinearRegression reg;
  reg.fit(X, y);
  CHECK(reg.score(X, y) == Approx(1.0).margin(1e-12));
  CHECK_THROWS_AS(reg.score(X, Vector(y.head(10))), InvalidInput);
  preprocessing::StandardScaler sc;
  sc.fit(X);
  CHECK_THROWS_AS(sc.score(X, y), NotSupported);
}

TEST_CASE("several targets: fit_multi and predict_multi", "[estimator]") {
  const Matrix X = test::normal_matrix(40, 3, 22);
  Matrix Y(40, 2);
  Y.col(0) = X.col(0) * 2.0;
  Y.col(1) = X.col(1) - X.col(2);
  linear_model::LinearRegression reg;
  reg.fit_multi(X, Y);
  CHECK(reg.n_targets() == 2);
  CHECK(reg.coef().rows() == 2);
  CHECK((reg.predict_multi(X) - Y).cwiseAbs().maxCoeff() < 1e-10);
  MLKIT_CHECK_THROWS(reg.predict(X), InvalidInput, Catch::Matchers::Contains("predict_multi"));
}

TEST_CASE("the registry knows its estimators and refuses unknown names", "[registry]") {
  CHECK(Registry::global().find("linear_regression") != nullptr);
  CHECK(Registry::global().find("standard_scaler") != nullptr);
  MLKIT_CHECK_THROWS(make_estimator("no_such_model"), InvalidParameter,
                     Catch::Matchers::Contains("unknown estimator 'no_such_model'"));
  Registry local;
  local.add({"x", "x", [] { return std::make_unique<Chain>(); }});
  CHECK_THROWS_AS(local.add({"x", "x", [] { return std::make_unique<Chain>(); }}),
                  InvalidParameter);
  auto est = make_estimator("linear_regression", {{"fit_intercept", false}});
  CHECK(est->get_params().at("fit_intercept") == ParamValue(false));
}

TEST_CASE("predicting from many threads on one model gives the serial result",
          "[estimator][threads]") {
  const Matrix X = test::normal_matrix(200, 5, 23);
  const Vector y = test::target_for(linear_model::LinearRegression(), X, 23);
  linear_model::LinearRegression reg;
  reg.fit(X, y);
  const Vector serial = reg.predict(X);
  std::vector<std::thread> threads;
  std::atomic<int> mismatches{0};
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&] {
      for (int rep = 0; rep < 50; ++rep)
        if (!(reg.predict(X).array() == serial.array()).all()) ++mismatches;
    });
  for (auto& th : threads) th.join();
  CHECK(mismatches == 0);
}
