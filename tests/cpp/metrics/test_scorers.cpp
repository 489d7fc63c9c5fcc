// Scorers by name: each scorer of a fitted estimator against scikit-learn's get_scorer.
#include <catch2/catch.hpp>

#include "mlkit/metrics/scorers.hpp"
#include "src/core/detail/param_table_builder.hpp"
#include "tests/cpp/metrics/metrics_reference.hpp"
#include "tests/cpp/support/data.hpp"

using namespace mlkit;
using mlkit::test::check_scalar;
using mlkit::test::metrics_cases;
using mlkit::test::ref_matrix;
using mlkit::test::ref_vector;

namespace {

struct FixedParams {
  bool unused = false;
};

// A classifier whose predictions and probabilities are given; the twin of the reference
// script's _Fixed. Rows of X are ignored beyond their count.
class Fixed final : public Estimator {
 public:
  Fixed(Vector pred, Matrix proba, Matrix decision = {})
      : pred_(std::move(pred)), proba_(std::move(proba)), decision_(std::move(decision)) {
    tags_.kind = Tags::Kind::Classifier;
    tags_.has_predict = true;
    tags_.has_predict_proba = proba_.size() > 0;
    tags_.has_decision_function = decision_.size() > 0;
  }
  std::unique_ptr<Estimator> clone() const override {
    return std::make_unique<Fixed>(pred_, proba_, decision_);
  }
  std::string_view name() const override { return "test_fixed"; }
  const Tags& tags() const override { return tags_; }
  const ParamTable& param_table() const override {
    static const ParamTable t = detail::ParamTableBuilder<FixedParams>("Fixed")
                                    .add("unused", &FixedParams::unused, "Not used.")
                                    .build();
    return t;
  }

 protected:
  void fit_impl(MatrixView, MatrixView, const FitOptions& opts) override { opts.checkpoint(1.0); }
  Matrix predict_impl(MatrixView) const override { return pred_; }
  Matrix predict_proba_impl(MatrixView) const override { return proba_; }
  Matrix decision_function_impl(MatrixView) const override { return decision_; }
  const void* param_struct() const override { return &params_; }
  void save_state(nlohmann::json&) const override {}
  void load_state(const nlohmann::json&, Index, Index) override {}

 private:
  Vector pred_;
  Matrix proba_, decision_;
  Tags tags_;
  FixedParams params_;
};

}  // namespace

TEST_CASE("classification scorers match scikit-learn's", "[scorers][parity]") {
  const auto& cases = metrics_cases("scorers").at("classification");
  REQUIRE(cases.size() >= 3);
  for (const auto& c : cases) {
    const std::string name = c.at("name");
    INFO("case " << name);
    const Vector y = ref_vector(c.at("y")), w = ref_vector(c.at("sample_weight"));
    Fixed est(ref_vector(c.at("predict")), ref_matrix(c.at("predict_proba")));
    const Matrix X = Matrix::Zero(y.size(), 1);
    est.fit(X, y);
    for (const auto& [scorer, expected] : c.at("scores").items()) {
      INFO("scorer " << scorer);
      check_scalar(metrics::get_scorer(scorer)(est, X, y, w), expected, "scorers",
                   name + " " + scorer);
    }
  }
}

TEST_CASE("regression scorers match scikit-learn's on LinearRegression", "[scorers][parity]") {
  const auto& c = metrics_cases("scorers").at("regression").at(0);
  linear_model::LinearRegression reg;
  reg.fit(ref_matrix(c.at("X")), ref_vector(c.at("y")));
  const Matrix Xt = ref_matrix(c.at("X_test"));
  const Vector yt = ref_vector(c.at("y_test")), wt = ref_vector(c.at("sample_weight"));
  REQUIRE(c.at("scores").size() == 6);
  for (const auto& [scorer, expected] : c.at("scores").items()) {
    INFO("scorer " << scorer);
    // The fitted coefficients agree with scikit-learn's to ~1e-13, not bit for bit.
    const double got = metrics::get_scorer(scorer)(reg, Xt, yt);
    CHECK(got == Approx(expected.get<double>()).epsilon(1e-10));
    const double got_w = metrics::get_scorer(scorer)(reg, Xt, yt, wt);
    CHECK(got_w == Approx(c.at("weighted_scores").at(scorer).get<double>()).epsilon(1e-10));
  }
  CHECK(metrics::get_scorer("r2")(reg, Xt, yt) == Approx(reg.score(Xt, yt)).epsilon(1e-15));
}

TEST_CASE("binary scorers use decision_function where there is one", "[scorers]") {
  const Vector y = (Vector(6) << 0, 1, 1, 0, 1, 0).finished();
  const Matrix d = (Matrix(6, 1) << -1.0, 2.0, 0.5, 0.7, 3.0, -2.0).finished();
  // Probabilities that would rank the samples the other way round.
  Matrix proba(6, 2);
  proba.col(1) =
      Vector::Ones(6) - d.col(0).cwiseMax(-2.5).cwiseMin(3.5) / 7.0 - Vector::Constant(6, 0.5);
  proba.col(0) = Vector::Ones(6) - proba.col(1);
  Fixed est(Vector(d.col(0).cwiseSign().cwiseMax(0.0)), proba, d);
  const Matrix X = Matrix::Zero(6, 1);
  est.fit(X, y);
  CHECK(metrics::get_scorer("roc_auc")(est, X, y) ==
        Approx(metrics::roc_auc_score(y, Vector(d.col(0)))).epsilon(0));
  CHECK(metrics::get_scorer("average_precision")(est, X, y) ==
        Approx(metrics::average_precision_score(y, Vector(d.col(0)))).epsilon(0));
}

TEST_CASE("scorer names: sorted, complete, unknown names rejected", "[scorers][errors]") {
  const auto names = metrics::scorer_names();
  CHECK(std::is_sorted(names.begin(), names.end()));
  for (const char* n : {"accuracy",
                        "balanced_accuracy",
                        "f1",
                        "f1_macro",
                        "f1_micro",
                        "f1_weighted",
                        "precision",
                        "precision_macro",
                        "recall",
                        "recall_weighted",
                        "roc_auc",
                        "roc_auc_ovr",
                        "average_precision",
                        "neg_log_loss",
                        "matthews_corrcoef",
                        "neg_mean_squared_error",
                        "neg_root_mean_squared_error",
                        "neg_mean_absolute_error",
                        "neg_median_absolute_error",
                        "r2",
                        "explained_variance"}) {
    INFO(n);
    CHECK(std::find(names.begin(), names.end(), n) != names.end());
    CHECK(metrics::get_scorer(n).name() == n);
  }
  MLKIT_CHECK_THROWS(metrics::get_scorer("mse"), InvalidParameter,
                     Catch::Matchers::Contains("'mse' is not a valid scoring value") &&
                         Catch::Matchers::Contains("neg_mean_squared_error"));
  // A regressor has no predict_proba.
  linear_model::LinearRegression reg;
  const Matrix X = test::normal_matrix(10, 2, 4);
  const Vector y = X.col(0);
  reg.fit(X, y);
  CHECK_THROWS_AS(metrics::get_scorer("neg_log_loss")(reg, X, y), NotSupported);
}
