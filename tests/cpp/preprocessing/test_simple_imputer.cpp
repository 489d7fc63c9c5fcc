#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "mlkit/preprocessing/simple_imputer.hpp"
#include "tests/cpp/preprocessing/parity.hpp"
#include "tests/cpp/support/data.hpp"

using mlkit::Matrix;
using mlkit::preprocessing::SimpleImputer;
using mlkit::preprocessing::SimpleImputerParams;

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

TEST_CASE("SimpleImputer matches scikit-learn on the reference cases", "[simple_imputer][parity]") {
  CHECK(mlkit::test::check_reference_cases("simple_imputer", "SimpleImputer") >= 12);
}

TEST_CASE("SimpleImputer: no NaN is left and observed values are kept",
          "[simple_imputer][invariant]") {
  Matrix X = mlkit::test::normal_matrix(50, 4, 91);
  for (int i = 0; i < 50; i += 7) X(i, i % 4) = kNaN;
  for (const char* strategy : {"mean", "median", "most_frequent", "constant"}) {
    INFO("strategy " << strategy);
    SimpleImputer est(SimpleImputerParams{.strategy = strategy});
    const Matrix Xt = est.fit_transform(X);
    CHECK(Xt.allFinite());
    for (mlkit::Index k = 0; k < X.size(); ++k)
      if (!std::isnan(X.data()[k])) CHECK(Xt.data()[k] == X.data()[k]);
  }
}

TEST_CASE("SimpleImputer: most_frequent breaks ties towards the smaller value",
          "[simple_imputer]") {
  Matrix X(6, 1);
  X << 3, 1, 3, 1, kNaN, 2;
  SimpleImputer est(SimpleImputerParams{.strategy = "most_frequent"});
  est.fit(X);
  CHECK(est.statistics()[0] == 1.0);
}

TEST_CASE("SimpleImputer: an entirely missing feature is dropped unless kept", "[simple_imputer]") {
  Matrix X = mlkit::test::normal_matrix(10, 3, 92);
  X.col(1).setConstant(kNaN);
  SimpleImputer drop, keep(SimpleImputerParams{.keep_empty_features = true});
  CHECK(drop.fit_transform(X).cols() == 2);
  const Matrix kept = keep.fit_transform(X);
  CHECK(kept.cols() == 3);
  CHECK(kept.col(1).isZero(0));
}
