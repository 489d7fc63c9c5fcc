#include <catch2/catch.hpp>
#include <cmath>

#include "mlkit/preprocessing/normalizer.hpp"
#include "tests/cpp/preprocessing/parity.hpp"
#include "tests/cpp/support/data.hpp"

using mlkit::Index;
using mlkit::Matrix;
using mlkit::preprocessing::Normalizer;
using mlkit::preprocessing::NormalizerParams;

TEST_CASE("Normalizer matches scikit-learn on the reference cases", "[normalizer][parity]") {
  CHECK(mlkit::test::check_reference_cases("normalizer", "Normalizer") >= 3);
}

TEST_CASE("Normalizer: every non-zero row gets unit norm", "[normalizer][invariant]") {
  Matrix X = mlkit::test::normal_matrix(600, 5, 81);
  X.row(7).setZero();
  for (const char* norm : {"l1", "l2", "max"}) {
    INFO("norm " << norm);
    Normalizer est(NormalizerParams{.norm = norm});
    const Matrix Xt = est.fit_transform(X);
    CHECK(Xt.row(7).isZero(0));
    for (Index i = 0; i < X.rows(); ++i) {
      if (i == 7) continue;
      const auto r = Xt.row(i);
      const double n = std::string(norm) == "l1"   ? r.cwiseAbs().sum()
                       : std::string(norm) == "l2" ? r.norm()
                                                   : r.cwiseAbs().maxCoeff();
      CHECK(std::abs(n - 1.0) < 1e-14);
    }
  }
}
