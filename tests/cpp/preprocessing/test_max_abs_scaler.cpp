#include <catch2/catch.hpp>
#include <cmath>

#include "mlkit/preprocessing/max_abs_scaler.hpp"
#include "tests/cpp/preprocessing/parity.hpp"
#include "tests/cpp/support/data.hpp"

using mlkit::Matrix;
using mlkit::preprocessing::MaxAbsScaler;

TEST_CASE("MaxAbsScaler matches scikit-learn on the reference cases", "[max_abs_scaler][parity]") {
  CHECK(mlkit::test::check_reference_cases("max_abs_scaler", "MaxAbsScaler") >= 3);
}

TEST_CASE("MaxAbsScaler: transformed training data lies in [-1, 1] and comes back",
          "[max_abs_scaler][invariant]") {
  Matrix X = 7.0 * mlkit::test::normal_matrix(40, 3, 61).array();
  X.col(2).setZero();
  MaxAbsScaler est;
  const Matrix Xt = est.fit_transform(X);
  CHECK(Xt.cwiseAbs().maxCoeff() <= 1.0);
  CHECK(est.scale()[2] == 1.0);
  CHECK(est.n_samples_seen() == 40);
  mlkit::test::check_close(est.inverse_transform(Xt), X, {1e-14, 1e-14}, "invariant", "round trip");
}
