#include <catch2/catch.hpp>
#include <cmath>

#include "mlkit/core/errors.hpp"
#include "mlkit/preprocessing/one_hot_encoder.hpp"
#include "tests/cpp/preprocessing/golden_encoders.hpp"
#include "tests/cpp/preprocessing/parity.hpp"
#include "tests/cpp/support/data.hpp"

using mlkit::Index;
using mlkit::Matrix;
using mlkit::preprocessing::OneHotEncoder;
using mlkit::preprocessing::OneHotEncoderParams;

TEST_CASE("generate golden model files of OneHotEncoder", "[.generate-golden-encoders]") {
  mlkit::test::write_encoder_golden("one_hot_encoder");
}

TEST_CASE("OneHotEncoder matches scikit-learn on the reference cases",
          "[one_hot_encoder][parity]") {
  CHECK(mlkit::test::check_reference_cases("one_hot_encoder", "OneHotEncoder") >= 12);
}

TEST_CASE("OneHotEncoder: one 1 per feature and row without drop", "[one_hot_encoder][invariant]") {
  const Matrix X = (2.0 * mlkit::test::normal_matrix(50, 3, 98).array()).round();
  OneHotEncoder est;
  const Matrix Xt = est.fit_transform(X);
  Index width = 0;
  for (const auto& c : est.categories()) width += c.size();
  CHECK(Xt.cols() == width);
  for (Index i = 0; i < Xt.rows(); ++i) CHECK(Xt.row(i).sum() == 3.0);
}

TEST_CASE("OneHotEncoder: unknown categories", "[one_hot_encoder][errors]") {
  Matrix X(5, 1);
  X << 1, 1, 1, 2, 3;
  Matrix Z(1, 1);
  Z << 7;
  OneHotEncoder strict;
  strict.fit(X);
  MLKIT_CHECK_THROWS(strict.transform(Z), mlkit::InvalidInput,
                     Catch::Matchers::Contains("Found unknown categories [7] in column 0"));
  OneHotEncoder ignore(OneHotEncoderParams{.handle_unknown = "ignore"});
  CHECK(ignore.fit(X).transform(Z).isZero(0));
  OneHotEncoder infrequent(
      OneHotEncoderParams{.handle_unknown = "infrequent_if_exist", .min_frequency = 2});
  const Matrix Zt = infrequent.fit(X).transform(Z);
  REQUIRE(Zt.cols() == 2);  // {1} and the infrequent {2, 3}
  CHECK(Zt(0, 0) == 0.0);
  CHECK(Zt(0, 1) == 1.0);
}
