#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "mlkit/core/context.hpp"
#include "mlkit/core/errors.hpp"
#include "mlkit/core/random.hpp"
#include "mlkit/metrics/pairwise.hpp"
#include "mlkit/metrics/regression.hpp"
#include "tests/cpp/support/reference.hpp"

using mlkit::Index;
using mlkit::Matrix;
using mlkit::Vector;
using mlkit::metrics::euclidean_distances;
using mlkit::metrics::r2_score;
using mlkit::test::check_close;
using mlkit::test::ref_matrix;
using mlkit::test::ref_number;
using mlkit::test::ref_vector;
using mlkit::test::Tolerance;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

Matrix uniform(Index n, Index p, std::uint64_t unit, double shift = 0.0) {
  mlkit::Rng rng(99, unit);
  Matrix X(n, p);
  for (Index i = 0; i < X.size(); ++i) X.data()[i] = rng.uniform() * 4.0 - 2.0 + shift;
  return X;
}

}  // namespace

TEST_CASE("euclidean_distances matches scikit-learn", "[pairwise][parity]") {
  const auto& cases = mlkit::test::reference_json("metrics.json").at("euclidean_distances");
  REQUIRE(cases.size() >= 3);
  for (const auto& c : cases) {
    const std::string name = c.at("name");
    INFO("case " << name);
    const Matrix X = ref_matrix(c.at("X"));
    const bool squared = c.at("squared");
    // Y = None in scikit-learn: the distances of X to itself, diagonal exactly zero.
    const Matrix D = c.at("Y").is_null() ? euclidean_distances(X, X, squared)
                                         : euclidean_distances(X, ref_matrix(c.at("Y")), squared);
    check_close(D, ref_matrix(c.at("distances")), {}, "euclidean_distances", name);
  }
}

TEST_CASE("euclidean_distances: symmetric in its arguments, exact zero on identical rows",
          "[pairwise][invariant]") {
  const Matrix X = uniform(17, 5, 1);
  const Matrix Y = uniform(9, 5, 2, 0.5);
  const Matrix D = euclidean_distances(X, Y);
  check_close(euclidean_distances(Y, X), Matrix(D.transpose()), {1e-13, 0}, "invariant",
              "transposed");
  check_close(euclidean_distances(X, Y, true), Matrix(D.array().square()), {1e-13, 1e-14},
              "invariant", "squared");
  const Matrix self = euclidean_distances(X, X);
  CHECK(self.diagonal().isZero(0.0));
  CHECK((self.array() >= 0).all());
}

TEST_CASE("euclidean_distances rejects bad input", "[pairwise][errors]") {
  const Matrix X = uniform(4, 3, 3);
  CHECK_THROWS_AS(euclidean_distances(X, uniform(4, 2, 4)), mlkit::InvalidInput);
  Matrix bad = X;
  bad(1, 1) = kNaN;
  CHECK_THROWS_AS(euclidean_distances(bad, X), mlkit::InvalidInput);
  CHECK_THROWS_AS(euclidean_distances(X, bad), mlkit::InvalidInput);
  CHECK_THROWS_AS(euclidean_distances(Matrix(0, 3), X), mlkit::InvalidInput);
  CHECK_THROWS_AS(euclidean_distances(X, X, false, "tpu"), mlkit::InvalidParameter);
}

TEST_CASE("euclidean_distances on CUDA matches the CPU", "[pairwise][gpu]") {
  if (!mlkit::cuda_available()) {
    WARN("skipped: no CUDA device (or mlkit built without CUDA)");
    return;
  }
  // Several row blocks of the CPU path, and sizes that are not multiples of a warp.
  const Matrix X = uniform(700, 37, 5);
  const Matrix Y = uniform(333, 37, 6, 0.25);
  for (bool squared : {false, true}) {
    INFO("squared " << squared);
    const Matrix cpu = euclidean_distances(X, Y, squared, "cpu");
    const Matrix gpu = euclidean_distances(X, Y, squared, "cuda");
    // Both compute ||x||² + ||y||² - 2 x·y; the GEMM sums in a different order, which moves
    // each squared distance by a few ε · (||x||² + ||y||²) ≈ 1e-14 here: far inside 1e-9.
    check_close(gpu, cpu, {1e-9, 1e-12}, "euclidean_distances (cuda)", "cuda vs cpu");
  }
  CHECK_THROWS_AS(euclidean_distances(X, uniform(3, 5, 7), false, "cuda"), mlkit::InvalidInput);
}

TEST_CASE("euclidean_distances on CUDA without a device is a DeviceError", "[pairwise]") {
  if (mlkit::cuda_available()) return;
  const Matrix X = uniform(4, 3, 8);
  CHECK_THROWS_AS(euclidean_distances(X, X, false, "cuda"), mlkit::DeviceError);
  // "auto" falls back to the CPU.
  CHECK(euclidean_distances(X, X, false, "auto") == euclidean_distances(X, X, false, "cpu"));
}

TEST_CASE("r2_score matches scikit-learn", "[r2][parity]") {
  const auto& cases = mlkit::test::reference_json("metrics.json").at("r2_score");
  REQUIRE(cases.size() >= 5);
  for (const auto& c : cases) {
    const std::string name = c.at("name");
    INFO("case " << name);
    const double score = r2_score(ref_vector(c.at("y_true")), ref_vector(c.at("y_pred")),
                                  ref_vector(c.at("sample_weight")));
    check_close(Vector(Vector::Constant(1, score)),
                Vector(Vector::Constant(1, ref_number(c.at("score")))), {}, "r2_score", name);
  }
}

TEST_CASE("r2_score: weights scaled by a constant or integer weights as duplicates",
          "[r2][invariant]") {
  const Vector y = uniform(12, 1, 9).col(0);
  const Vector pred = y + 0.3 * uniform(12, 1, 10).col(0);
  Vector w = Vector::Ones(12);
  w[2] = w[5] = 2.0;
  const double weighted = r2_score(y, pred, w);
  CHECK(r2_score(y, pred, 7.0 * w) == Approx(weighted).epsilon(1e-13));
  Vector y2(14), pred2(14);
  y2 << y, y[2], y[5];
  pred2 << pred, pred[2], pred[5];
  CHECK(r2_score(y2, pred2) == Approx(weighted).epsilon(1e-13));
  CHECK(r2_score(y, y) == 1.0);
}

TEST_CASE("r2_score rejects bad input", "[r2][errors]") {
  const Vector y = Vector::LinSpaced(5, 0.0, 1.0);
  CHECK_THROWS_AS(r2_score(y, Vector::Zero(4)), mlkit::InvalidInput);
  Vector bad = y;
  bad[1] = kNaN;
  CHECK_THROWS_AS(r2_score(bad, y), mlkit::InvalidInput);
  CHECK_THROWS_AS(r2_score(y, bad), mlkit::InvalidInput);
  Vector w = Vector::Ones(5);
  w[0] = -1.0;
  CHECK_THROWS_AS(r2_score(y, y, w), mlkit::InvalidInput);
  CHECK_THROWS_AS(r2_score(y, y, Vector::Ones(3)), mlkit::InvalidInput);
}
