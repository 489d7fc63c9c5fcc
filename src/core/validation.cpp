#include "mlkit/core/validation.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "mlkit/core/errors.hpp"
#include "src/core/detail/finite.hpp"

namespace mlkit {

void check_not_empty(MatrixView X, std::string_view owner) {
  if (X.rows() < 1)
    throw InvalidInput("Found array with 0 sample(s) (shape=(" + std::to_string(X.rows()) + ", " +
                       std::to_string(X.cols()) + ")) while a minimum of 1 is required by " +
                       std::string(owner) + ".");
  if (X.cols() < 1)
    throw InvalidInput("Found array with 0 feature(s) (shape=(" + std::to_string(X.rows()) +
                       ", 0)) while a minimum of 1 is required by " + std::string(owner) + ".");
}

namespace {
template <class Data>
void check_values(const Data& d, Index size, bool allow_nan, std::string_view what) {
  // Value by value, to name the first problem found.
  for (Index i = 0; i < size; ++i) {
    const double v = d[i];
    if (std::isfinite(v)) continue;
    if (std::isnan(v)) {
      if (allow_nan) continue;
      throw InvalidInput("Input " + std::string(what) + " contains NaN.");
    }
    throw InvalidInput("Input " + std::string(what) +
                       " contains infinity or a value too large for dtype('float64').");
  }
}

}  // namespace

void check_finite(MatrixView X, bool allow_nan, std::string_view what) {
  // Rows in blocks, blocks in parallel; only a block with a value that is not finite is looked
  // at value by value, in block order, so the error raised does not depend on the threads.
  constexpr Index kBlockRows = 1024;
  const Index n = X.rows(), p = X.cols();
  if (n == 0 || p == 0) return;
  const std::vector<char> clean = detail::finite_row_blocks(X, kBlockRows);
  for (std::size_t b = 0; b < clean.size(); ++b) {
    if (clean[b]) continue;
    const Index begin = static_cast<Index>(b) * kBlockRows, end = std::min(n, begin + kBlockRows);
    for (Index r = begin; r < end; ++r) check_values(X.row(r).data(), p, allow_nan, what);
  }
}

void check_finite(VectorView v, bool allow_nan, std::string_view what) {
  check_values(v.data(), v.size(), allow_nan, what);
}

void check_consistent_length(Index a, Index b) {
  if (a != b)
    throw InvalidInput("Found input variables with inconsistent numbers of samples: [" +
                       std::to_string(a) + ", " + std::to_string(b) + "]");
}

void check_sample_weight(VectorView w, Index n) {
  if (w.size() != n)
    throw InvalidInput("sample_weight.shape == (" + std::to_string(w.size()) + ",), expected (" +
                       std::to_string(n) + ",)!");
  check_finite(w, false, "sample_weight");
  double total = 0;
  for (Index i = 0; i < n; ++i) {
    if (w[i] < 0) throw InvalidInput("Negative values in data passed to `sample_weight`");
    total += w[i];
  }
  if (!(total > 0))
    throw InvalidInput("sample_weight sums to zero: at least one weight must be positive");
}

}  // namespace mlkit
