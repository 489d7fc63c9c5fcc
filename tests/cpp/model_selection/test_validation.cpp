#include <atomic>
#include <catch2/catch.hpp>

#include "tests/cpp/model_selection/model_selection_reference.hpp"
#include "tests/cpp/support/data.hpp"

using namespace mlkit;
using namespace mlkit::model_selection;
using mlkit::test::check_close;

namespace {

std::vector<double> col_of(const Matrix& m, Index c) {
  std::vector<double> v;
  for (Index r = 0; r < m.rows(); ++r) v.push_back(m(r, c));
  return v;
}

}  // namespace

TEST_CASE("cross_validate gives scikit-learn's scores", "[model_selection][parity]") {
  const auto& ref = test::ms_reference().at("cross_validate");
  const auto& d = test::diabetes();
  CvOptions o;
  o.scoring = ref.at("scoring").get<std::vector<std::string>>();
  o.return_train_score = true;
  const auto r = cross_validate(linear_model::LinearRegression(), d.X, d.y,
                                KFold(ref.at("n_splits").get<Index>()), o);
  REQUIRE(r.fit_time.size() == 5);
  REQUIRE(r.score_time.size() == 5);
  for (const std::string& name : o.scoring) {
    INFO(name);
    check_close(r.test_scores.at(name), ref.at("test").at(name));
    check_close(r.train_scores.at(name), ref.at("train").at(name));
  }
  for (double t : r.fit_time) CHECK(t >= 0);

  const auto& pref = test::ms_reference().at("cross_validate_pipeline");
  const auto pipe = test::poly_pipeline();
  check_close(cross_val_score(*pipe, d.X, d.y, KFold(pref.at("n_splits").get<Index>())),
              pref.at("test"));
  CHECK_FALSE(pipe->fitted());  // the estimator passed in is never fitted
}

TEST_CASE("cross_val_predict gives scikit-learn's predictions", "[model_selection][parity]") {
  const auto& ref = test::ms_reference().at("cross_val_predict");
  const auto& d = test::diabetes();
  const Matrix p = cross_val_predict(linear_model::LinearRegression(), d.X, d.y,
                                     KFold(ref.at("n_splits").get<Index>()));
  REQUIRE(p.cols() == 1);
  check_close(col_of(p, 0), ref.at("predict"));
  // transform: each row through the scaler fitted without it.
  const Matrix z =
      cross_val_predict(preprocessing::StandardScaler(), d.X, Vector(), KFold(3), "transform");
  CHECK(z.rows() == d.X.rows());
  CHECK(z.cols() == d.X.cols());
}

TEST_CASE("validation_curve and learning_curve give scikit-learn's scores",
          "[model_selection][parity]") {
  const auto& d = test::diabetes();
  {
    const auto& ref = test::ms_reference().at("validation_curve");
    pipeline::Pipeline pipe;
    pipe.add("poly", make_estimator("polynomial_features"))
        .add("lr", make_estimator("linear_regression"));
    std::vector<ParamValue> values;
    for (const auto& v : ref.at("values")) values.emplace_back(v.get<std::int64_t>());
    CvOptions o;
    o.scoring = {ref.at("scoring").get<std::string>()};
    const auto c = validation_curve(pipe, d.X, d.y, ref.at("param"), values,
                                    KFold(ref.at("n_splits").get<Index>()), o);
    REQUIRE(c.test_scores.rows() == 3);
    for (Index i = 0; i < 3; ++i) {
      check_close(test::row_of(c.train_scores, i), ref.at("train")[static_cast<std::size_t>(i)]);
      check_close(test::row_of(c.test_scores, i), ref.at("test")[static_cast<std::size_t>(i)]);
    }
  }
  {
    const auto& ref = test::ms_reference().at("learning_curve");
    std::vector<SplitSize> sizes;
    for (const auto& f : ref.at("fractions")) sizes.push_back(SplitSize::fraction(f.get<double>()));
    CvOptions o;
    o.scoring = {"r2"};
    const KFold cv(ref.at("n_splits").get<Index>());
    const auto c = learning_curve(linear_model::LinearRegression(), d.X, d.y, sizes, cv, o);
    CHECK(c.train_sizes == ref.at("sizes").get<std::vector<Index>>());
    for (Index i = 0; i < c.test_scores.rows(); ++i) {
      check_close(test::row_of(c.train_scores, i), ref.at("train")[static_cast<std::size_t>(i)]);
      check_close(test::row_of(c.test_scores, i), ref.at("test")[static_cast<std::size_t>(i)]);
    }
    std::vector<SplitSize> counts;
    for (const auto& n : ref.at("counts")) counts.push_back(SplitSize::count(n.get<Index>()));
    const auto cc = learning_curve(linear_model::LinearRegression(), d.X, d.y, counts, cv, o);
    CHECK(cc.train_sizes == ref.at("sizes_counts").get<std::vector<Index>>());
    for (Index i = 0; i < cc.test_scores.rows(); ++i)
      check_close(test::row_of(cc.test_scores, i),
                  ref.at("test_counts")[static_cast<std::size_t>(i)]);
  }
}

TEST_CASE("cross-validation results do not depend on the number of threads",
          "[model_selection][threads]") {
  const auto& d = test::diabetes();
  const auto pipe = test::poly_pipeline();
  CvOptions o;
  o.scoring = {"r2", "neg_mean_absolute_error"};
  o.return_train_score = true;
  o.n_jobs = 1;
  const auto a = cross_validate(*pipe, d.X, d.y, KFold(5, true, 3), o);
  o.n_jobs = 4;
  const auto b = cross_validate(*pipe, d.X, d.y, KFold(5, true, 3), o);
  CHECK(a.test_scores == b.test_scores);
  CHECK(a.train_scores == b.train_scores);
  const Matrix p1 = cross_val_predict(*pipe, d.X, d.y, KFold(4), "predict", o);
  o.n_jobs = 1;
  const Matrix p2 = cross_val_predict(*pipe, d.X, d.y, KFold(4), "predict", o);
  CHECK(test::identical(p1, p2));
}

TEST_CASE("cross-validation passes weights to each fit and reports progress", "[model_selection]") {
  const auto& d = test::diabetes();
  // Integer weight 2 on a row equals that row twice, fold by fold: compare with a GroupKFold
  // whose groups keep the duplicate next to its original.
  const Index n = 60;
  const Matrix X = d.X.topRows(n);
  const Vector y = d.y.head(n);
  Vector w = Vector::Ones(n);
  w[7] = 2;
  Vector groups(n);
  for (Index i = 0; i < n; ++i) groups[i] = static_cast<double>(i % 3);
  Matrix X2(n + 1, X.cols());
  X2.topRows(n) = X;
  X2.row(n) = X.row(7);
  Vector y2(n + 1), g2(n + 1);
  y2.head(n) = y;
  y2[n] = y[7];
  g2.head(n) = groups;
  g2[n] = groups[7];
  CvOptions ow;
  ow.sample_weight = w;
  ow.groups = groups;
  ow.scoring = {"r2"};
  std::atomic<int> calls{0};
  double last = 0;
  ow.progress = [&](double f) {
    ++calls;
    last = f;
  };
  linear_model::LinearRegression lr;
  // Scoring is unweighted, so compare the fitted models through their test predictions instead.
  const Matrix pw = cross_val_predict(lr, X, y, GroupKFold(3), "predict", ow);
  CHECK(calls == 3);
  CHECK(last == 1.0);
  CvOptions od;
  od.groups = g2;
  const Matrix pd = cross_val_predict(lr, X2, y2, GroupKFold(3), "predict", od);
  for (Index i = 0; i < n; ++i) CHECK(test::close(pw(i, 0), pd(i, 0), 1e-9));
}

TEST_CASE("cross-validation rejects bad input with clear errors", "[model_selection][errors]") {
  const auto& d = test::diabetes();
  linear_model::LinearRegression lr;
  const KFold cv(3);
  MLKIT_CHECK_THROWS(cross_validate(lr, d.X, d.y.head(10), cv), InvalidInput,
                     Catch::Contains("inconsistent numbers of samples"));
  MLKIT_CHECK_THROWS(cross_validate(lr, Matrix(0, 3), Vector(), cv), InvalidInput,
                     Catch::Contains("LinearRegression"));
  MLKIT_CHECK_THROWS(cross_validate(lr, d.X, Vector(), cv), InvalidInput,
                     Catch::Contains("requires y"));
  CvOptions o;
  o.scoring = {"no_such_scorer"};
  CHECK_THROWS_AS(cross_validate(lr, d.X, d.y, cv, o), InvalidParameter);
  o.scoring = {"r2", "r2"};
  MLKIT_CHECK_THROWS(cross_validate(lr, d.X, d.y, cv, o), InvalidParameter,
                     Catch::Contains("more than once"));
  o = {};
  o.sample_weight = Vector::Ones(5);
  CHECK_THROWS_AS(cross_validate(lr, d.X, d.y, cv, o), InvalidInput);
  // More folds than rows.
  CHECK_THROWS_WITH(cross_validate(lr, d.X.topRows(2), d.y.head(2), cv),
                    Catch::Contains("n_splits=3 greater than the number of samples"));
  // A fold that fails (NaN in its training rows) fails the whole evaluation with its error.
  Matrix Xn = d.X;
  Xn(400, 2) = std::nan("");
  MLKIT_CHECK_THROWS(cross_validate(lr, Xn, d.y, cv), InvalidInput, Catch::Contains("NaN"));
  // cross_val_predict needs a partition and a method the estimator has.
  MLKIT_CHECK_THROWS(
      cross_val_predict(lr, d.X, d.y, ShuffleSplit(3, SplitSize::fraction(0.2), std::nullopt, 0)),
      InvalidParameter, Catch::Contains("partitions"));
  MLKIT_CHECK_THROWS(cross_val_predict(lr, d.X, d.y, cv, "predict_proba"), InvalidParameter,
                     Catch::Contains("predict_proba"));
  MLKIT_CHECK_THROWS(validation_curve(lr, d.X, d.y, "no_such", {ParamValue(1)}, cv),
                     InvalidParameter, Catch::Contains("no_such"));
  CHECK_THROWS_AS(validation_curve(lr, d.X, d.y, "fit_intercept", {}, cv), InvalidParameter);
  CHECK_THROWS_AS(learning_curve(lr, d.X, d.y, {SplitSize::fraction(1.5)}, cv), InvalidParameter);
  CHECK_THROWS_AS(learning_curve(lr, d.X, d.y, {SplitSize::count(10000)}, cv), InvalidParameter);
  CHECK_THROWS_AS(learning_curve(lr, d.X, d.y, {}, cv), InvalidParameter);
}

TEST_CASE("cross-validation stops when cancelled", "[model_selection]") {
  const auto& d = test::diabetes();
  std::atomic<bool> cancel{true};
  CvOptions o;
  o.cancel = &cancel;
  CHECK_THROWS_AS(cross_validate(linear_model::LinearRegression(), d.X, d.y, KFold(3), o),
                  Cancelled);
}
