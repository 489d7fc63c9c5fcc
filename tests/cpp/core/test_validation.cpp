// The input checks every fit and predict runs: check_finite scans X in parallel blocks and must
// still name the first problem in row order, whatever the layout or number of threads.
#include <catch2/catch.hpp>

#include <limits>

#include "mlkit/core/errors.hpp"
#include "mlkit/core/validation.hpp"
#include "src/core/detail/classes.hpp"

using namespace mlkit;

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

std::string finite_error(MatrixView X, bool allow_nan) {
  try {
    check_finite(X, allow_nan, "X");
  } catch (const InvalidInput& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST_CASE("check_finite names the first non-finite value in row order", "[core][validation]") {
  // 5,000 × 60 is large enough to be scanned in parallel blocks of rows.
  for (const Index cols : {Index{1}, Index{60}}) {
    Matrix X = Matrix::Ones(5000, cols);
    CHECK(finite_error(X, false).empty());
    X(4000, cols - 1) = kNaN;
    X(2500, 0) = -kInf;
    CHECK_THAT(finite_error(X, false), Catch::Contains("contains infinity"));
    X(2500, 0) = 1;
    CHECK_THAT(finite_error(X, false), Catch::Contains("contains NaN"));
    CHECK(finite_error(X, true).empty());
    X(4999, 0) = kInf;  // after the NaN: allowed NaN must not hide it
    CHECK_THAT(finite_error(X, true), Catch::Contains("contains infinity"));
    X(10, 0) = std::numeric_limits<double>::max();  // large but finite
    X(4999, 0) = 1;
    CHECK(finite_error(X, true).empty());
  }
}

TEST_CASE("check_finite reads a strided view row by row", "[core][validation]") {
  Matrix big = Matrix::Ones(3000, 80);
  big(2000, 70) = kNaN;  // outside the view's columns
  const MatrixView view = big.leftCols(50);
  CHECK(finite_error(view, false).empty());
  big(2999, 49) = kInf;
  CHECK_THAT(finite_error(big.leftCols(50), false), Catch::Contains("contains infinity"));
}

TEST_CASE("check_finite accepts empty input", "[core][validation]") {
  CHECK(finite_error(Matrix(0, 3), false).empty());
  CHECK(finite_error(Matrix(3, 0), false).empty());
}

TEST_CASE("encode_classes sorts the labels and codes every sample", "[core][validation]") {
  for (const Index n_labels : {Index{3}, Index{256}, Index{257}, Index{1000}}) {
    // Labels n_labels - 1 down to 0, shifted by -5, each repeated in runs and out of order.
    Vector y(3 * n_labels);
    for (Index i = 0; i < y.size(); ++i) y[i] = static_cast<double>((i * 7919) % n_labels) - 5.0;
    const auto e = detail::encode_classes(y);
    REQUIRE(e.n_classes() == n_labels);
    for (Index c = 0; c < n_labels; ++c) CHECK(e.classes[c] == static_cast<double>(c) - 5.0);
    for (Index i = 0; i < y.size(); ++i)
      CHECK(e.classes[e.codes[static_cast<std::size_t>(i)]] == y[i]);
    for (const auto count : e.counts) CHECK(count == 3);
  }
  Vector y(4);
  y << 1, 2.5, 1, 2;
  CHECK_THROWS_WITH(detail::encode_classes(y), Catch::Contains("Unknown label type: continuous"));
}
