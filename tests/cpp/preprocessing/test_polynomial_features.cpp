#include <catch2/catch.hpp>

#include "mlkit/core/errors.hpp"
#include "mlkit/preprocessing/polynomial_features.hpp"
#include "tests/cpp/preprocessing/parity.hpp"
#include "tests/cpp/support/data.hpp"

using mlkit::Matrix;
using mlkit::ParamValue;
using mlkit::preprocessing::PolynomialFeatures;
using mlkit::preprocessing::PolynomialFeaturesParams;

TEST_CASE("PolynomialFeatures matches scikit-learn on the reference cases",
          "[polynomial_features][parity]") {
  CHECK(mlkit::test::check_reference_cases("polynomial_features", "PolynomialFeatures") >= 7);
}

TEST_CASE("PolynomialFeatures: the number of outputs is the number of monomials",
          "[polynomial_features]") {
  const Matrix X = mlkit::test::normal_matrix(4, 5, 93);
  PolynomialFeatures full(PolynomialFeaturesParams{.degree = 3});
  full.fit(X);
  CHECK(full.n_output_features() == 56);  // C(5 + 3, 3)
  PolynomialFeatures inter(PolynomialFeaturesParams{.degree = 3, .interaction_only = true});
  inter.fit(X);
  CHECK(inter.n_output_features() == 1 + 5 + 10 + 10);
}

TEST_CASE("PolynomialFeatures rejects degrees that give no output", "[polynomial_features]") {
  const Matrix X = mlkit::test::normal_matrix(4, 2, 94);
  PolynomialFeatures none(PolynomialFeaturesParams{.degree = 0, .include_bias = false});
  CHECK_THROWS_AS(none.fit(X), mlkit::InvalidParameter);
  PolynomialFeatures reversed(
      PolynomialFeaturesParams{.degree = ParamValue::List{ParamValue(3), ParamValue(2)}});
  CHECK_THROWS_AS(reversed.fit(X), mlkit::InvalidParameter);
}
