#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "mlkit/core/errors.hpp"
#include "mlkit/preprocessing/min_max_scaler.hpp"
#include "tests/cpp/preprocessing/parity.hpp"
#include "tests/cpp/support/data.hpp"

using mlkit::Matrix;
using mlkit::preprocessing::MinMaxScaler;
using mlkit::preprocessing::MinMaxScalerParams;

TEST_CASE("MinMaxScaler matches scikit-learn on the reference cases", "[min_max_scaler][parity]") {
  CHECK(mlkit::test::check_reference_cases("min_max_scaler", "MinMaxScaler") >= 5);
}

TEST_CASE("MinMaxScaler: the training data lands in feature_range and comes back",
          "[min_max_scaler][invariant]") {
  Matrix X = mlkit::test::normal_matrix(40, 3, 51);
  X(5, 1) = std::numeric_limits<double>::quiet_NaN();
  MinMaxScaler est(MinMaxScalerParams{.feature_range = {-3.0, 2.0}});
  const Matrix Xt = est.fit_transform(X);
  CHECK(std::isnan(Xt(5, 1)));
  for (mlkit::Index k = 0; k < Xt.size(); ++k)
    if (!std::isnan(Xt.data()[k])) {
      CHECK(Xt.data()[k] >= -3.0 - 1e-12);
      CHECK(Xt.data()[k] <= 2.0 + 1e-12);
    }
  mlkit::test::check_close(est.inverse_transform(Xt), X, {1e-13, 1e-13}, "invariant", "round trip");
}

TEST_CASE("MinMaxScaler rejects a feature_range that is not increasing",
          "[min_max_scaler][errors]") {
  const Matrix X = mlkit::test::normal_matrix(10, 2, 52);
  MinMaxScaler est(MinMaxScalerParams{.feature_range = {1.0, 0.0}});
  MLKIT_CHECK_THROWS(est.fit(X), mlkit::InvalidParameter,
                     Catch::Matchers::Contains("Minimum of desired feature range must be smaller "
                                               "than maximum. Got (1, 0)."));
  MinMaxScaler three(MinMaxScalerParams{.feature_range = {0.0, 1.0, 2.0}});
  CHECK_THROWS_AS(three.fit(X), mlkit::InvalidParameter);
  CHECK_FALSE(est.fitted());
}
