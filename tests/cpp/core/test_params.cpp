#include <catch2/catch.hpp>

#include "tests/cpp/support/data.hpp"

using namespace mlkit;
using Catch::Matchers::Equals;

TEST_CASE("ParamValue renders values as Python does", "[params]") {
  CHECK(ParamValue().repr() == "None");
  CHECK(ParamValue(true).repr() == "True");
  CHECK(ParamValue(3).repr() == "3");
  CHECK(ParamValue(0.5).repr() == "0.5");
  CHECK(ParamValue(1.0).repr() == "1.0");
  CHECK(ParamValue(1e-6).repr() == "1e-06");
  CHECK(ParamValue("auto").repr() == "'auto'");
  CHECK(ParamValue(ParamValue::List{1, 2.5, "x"}).repr() == "[1, 2.5, 'x']");
  CHECK(ParamValue(2).type_name() == "int");
  CHECK(ParamValue(2.0).type_name() == "float");
}

TEST_CASE("ParamValue typed access converts ints to floats only", "[params]") {
  CHECK(ParamValue(3).as_double() == 3.0);
  CHECK_THROWS_AS(ParamValue(3.0).as_int(), InvalidParameter);
  CHECK_THROWS_AS(ParamValue("x").as_bool(), InvalidParameter);
  CHECK_THROWS_AS(ParamValue(true).as_int(), InvalidParameter);
}

TEST_CASE("constraints are described with scikit-learn's wording", "[params]") {
  CHECK(ParamAlternative::integer(1).describe() == "an int in the range [1, inf)");
  CHECK(ParamAlternative::real(0, 1, false, true).describe() == "a float in the range (0.0, 1.0]");
  CHECK(ParamAlternative::string({"auto", "svd"}).describe() == "a str among {'auto', 'svd'}");
  CHECK(ParamAlternative::boolean().describe() == "an instance of 'bool'");
}

TEST_CASE("intervals accept and refuse their bounds as declared", "[params]") {
  const auto open = ParamAlternative::real(0, 1, false, false);
  CHECK(!open.accepts(0.0));
  CHECK(open.accepts(0.5));
  CHECK(!open.accepts(1.0));
  CHECK(!open.accepts(std::numeric_limits<double>::quiet_NaN()));
  const auto ints = ParamAlternative::integer(1, 10);
  CHECK(ints.accepts(1));
  CHECK(ints.accepts(10));
  CHECK(!ints.accepts(11));
  CHECK(!ints.accepts(2.0));  // a float is not an int, as in scikit-learn
  CHECK(!ints.accepts(true));
  CHECK(ParamAlternative::real().accepts(3));  // an int is a valid float
}

TEST_CASE("LinearRegression's parameter table gives exact messages", "[params]") {
  auto est = make_estimator("linear_regression");
  MLKIT_CHECK_THROWS(
      est->set_params({{"tol", -1.0}}), InvalidParameter,
      Equals("The 'tol' parameter of LinearRegression must be a float in the range [0.0, inf). "
             "Got -1.0 instead."));
  MLKIT_CHECK_THROWS(est->set_params({{"fit_intercept", "yes"}}), InvalidParameter,
                     Equals("The 'fit_intercept' parameter of LinearRegression must be an "
                            "instance of 'bool'. Got 'yes' instead."));
  MLKIT_CHECK_THROWS(
      est->set_params({{"n_jobs", 2.5}}), InvalidParameter,
      Equals("The 'n_jobs' parameter of LinearRegression must be an int in the range (-inf, "
             "inf) or None. Got 2.5 instead."));
  MLKIT_CHECK_THROWS(est->set_params({{"alpha", 1.0}}), InvalidParameter,
                     Equals("Invalid parameter 'alpha' for estimator LinearRegression(). Valid "
                            "parameters are: ['copy_X', 'fit_intercept', 'n_jobs', 'positive', "
                            "'tol']."));
  // An int that does not fit the C++ field is refused, not truncated.
  CHECK_THROWS_AS(est->set_params({{"n_jobs", std::int64_t{1} << 40}}), InvalidParameter);
  est->set_params({{"tol", 0}, {"n_jobs", -1}});
  CHECK(est->get_params().at("tol") == ParamValue(0.0));
  CHECK(est->get_params().at("n_jobs") == ParamValue(-1));
  est->set_params({{"n_jobs", ParamValue()}});
  CHECK(est->get_params().at("n_jobs").is_none());
}

TEST_CASE("parameters set directly in C++ are validated at fit", "[params]") {
  linear_model::LinearRegressionParams p;
  p.tol = -0.5;
  linear_model::LinearRegression est(p);
  const Matrix X = Matrix::Random(10, 2);
  const Vector y = Vector::Random(10);
  MLKIT_CHECK_THROWS(est.fit(X, y), InvalidParameter,
                     Catch::Matchers::Contains("'tol' parameter of LinearRegression"));
  CHECK(!est.fitted());
  p.tol = 1e-6;
  p.n_jobs = 0;  // scikit-learn's n_jobs=0 has no meaning
  linear_model::LinearRegression zero_jobs(p);
  CHECK_THROWS_AS(zero_jobs.fit(X, y), InvalidParameter);
}
