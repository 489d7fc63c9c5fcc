#include <catch2/catch.hpp>
#include <cmath>

#include "mlkit/core/errors.hpp"
#include "mlkit/preprocessing/robust_scaler.hpp"
#include "tests/cpp/preprocessing/parity.hpp"
#include "tests/cpp/support/data.hpp"

using mlkit::Matrix;
using mlkit::Vector;
using mlkit::preprocessing::RobustScaler;
using mlkit::preprocessing::RobustScalerParams;

TEST_CASE("RobustScaler matches scikit-learn on the reference cases", "[robust_scaler][parity]") {
  CHECK(mlkit::test::check_reference_cases("robust_scaler", "RobustScaler") >= 6);
}

TEST_CASE("RobustScaler: an outlier does not move the statistics", "[robust_scaler][invariant]") {
  Matrix X(5, 1);
  X << 1, 2, 3, 4, 5;
  RobustScaler a, b;
  a.fit(X);
  X(4, 0) = 1e6;
  b.fit(X);
  CHECK(a.center()[0] == 3.0);
  CHECK(b.center()[0] == 3.0);
  CHECK(a.scale()[0] == 2.0);
  CHECK(b.scale()[0] == 2.0);
}

TEST_CASE("RobustScaler: the result does not depend on the number of threads",
          "[robust_scaler][invariant]") {
  const Matrix X = mlkit::test::normal_matrix(50, 40, 71);
  const int before = mlkit::get_num_threads();
  RobustScaler a, b;
  mlkit::set_num_threads(4);
  const Matrix ta = a.fit_transform(X);
  mlkit::set_num_threads(1);
  const Matrix tb = b.fit_transform(X);
  mlkit::set_num_threads(before);
  CHECK(mlkit::test::identical(ta, tb));
}

TEST_CASE("RobustScaler rejects a bad quantile_range", "[robust_scaler][errors]") {
  const Matrix X = mlkit::test::normal_matrix(10, 2, 72);
  for (const auto& q : {std::vector<double>{80, 20}, std::vector<double>{-1, 50},
                        std::vector<double>{10, 101}, std::vector<double>{10}}) {
    RobustScaler est(RobustScalerParams{.quantile_range = q});
    MLKIT_CHECK_THROWS(est.fit(X), mlkit::InvalidParameter,
                       Catch::Matchers::StartsWith("Invalid quantile range: ("));
  }
}
