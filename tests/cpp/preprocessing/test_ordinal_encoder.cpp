#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "mlkit/core/errors.hpp"
#include "mlkit/preprocessing/ordinal_encoder.hpp"
#include "tests/cpp/preprocessing/golden_encoders.hpp"
#include "tests/cpp/preprocessing/parity.hpp"
#include "tests/cpp/support/data.hpp"

using mlkit::Matrix;
using mlkit::preprocessing::OrdinalEncoder;
using mlkit::preprocessing::OrdinalEncoderParams;

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

TEST_CASE("generate golden model files of OrdinalEncoder", "[.generate-golden-encoders]") {
  mlkit::test::write_encoder_golden("ordinal_encoder");
}

TEST_CASE("OrdinalEncoder matches scikit-learn on the reference cases",
          "[ordinal_encoder][parity]") {
  CHECK(mlkit::test::check_reference_cases("ordinal_encoder", "OrdinalEncoder") >= 5);
}

TEST_CASE("OrdinalEncoder: inverse_transform undoes transform", "[ordinal_encoder][invariant]") {
  Matrix X = (3.0 * mlkit::test::normal_matrix(40, 3, 97).array()).round();
  X(4, 2) = kNaN;
  OrdinalEncoder est;
  const Matrix codes = est.fit_transform(X);
  mlkit::test::check_close(est.inverse_transform(codes), X, {0, 0}, "invariant", "round trip");
}

TEST_CASE("OrdinalEncoder: unknown categories", "[ordinal_encoder][errors]") {
  Matrix X(4, 1);
  X << 1, 2, 2, 5;
  Matrix Z(2, 1);
  Z << 2, 3;
  OrdinalEncoder strict;
  strict.fit(X);
  MLKIT_CHECK_THROWS(strict.transform(Z), mlkit::InvalidInput,
                     Catch::Matchers::Contains("Found unknown categories [3] in column 0"));
  OrdinalEncoder lenient(
      OrdinalEncoderParams{.handle_unknown = "use_encoded_value", .unknown_value = -1});
  lenient.fit(X);
  const Matrix codes = lenient.transform(Z);
  CHECK(codes(0, 0) == 1.0);
  CHECK(codes(1, 0) == -1.0);
  OrdinalEncoder clash(
      OrdinalEncoderParams{.handle_unknown = "use_encoded_value", .unknown_value = 1});
  CHECK_THROWS_AS(clash.fit(X), mlkit::InvalidParameter);
  OrdinalEncoder missing_value(OrdinalEncoderParams{.unknown_value = 3});
  CHECK_THROWS_AS(missing_value.fit(X), mlkit::InvalidParameter);
}
