#include <catch2/catch.hpp>

#include "mlkit/core/errors.hpp"
#include "mlkit/preprocessing/label_encoder.hpp"
#include "tests/cpp/preprocessing/golden_encoders.hpp"
#include "tests/cpp/preprocessing/parity.hpp"
#include "tests/cpp/support/data.hpp"

using mlkit::Matrix;
using mlkit::preprocessing::LabelEncoder;

TEST_CASE("LabelEncoder matches scikit-learn on the reference cases", "[label_encoder][parity]") {
  CHECK(mlkit::test::check_reference_cases("label_encoder", "LabelEncoder") >= 3);
}

TEST_CASE("LabelEncoder: codes and back", "[label_encoder]") {
  Matrix y(6, 1);
  y << 10, -2, 10, 3.5, -2, 7;
  LabelEncoder est;
  const Matrix codes = est.fit_transform(y);
  REQUIRE(est.classes().size() == 4);
  CHECK(codes(0, 0) == 3.0);
  CHECK(codes(1, 0) == 0.0);
  CHECK(est.inverse_transform(codes) == y);
  Matrix unseen(1, 1);
  unseen << 4;
  MLKIT_CHECK_THROWS(est.transform(unseen), mlkit::InvalidInput,
                     Catch::Matchers::Contains("y contains previously unseen labels: [4]"));
  CHECK_THROWS_AS(est.inverse_transform(unseen), mlkit::InvalidInput);
}

TEST_CASE("generate golden model files of LabelEncoder", "[.generate-golden-encoders]") {
  mlkit::test::write_encoder_golden("label_encoder");
}
