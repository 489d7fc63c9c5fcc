#include "mlkit/core/validation.hpp"

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "mlkit/core/errors.hpp"

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

/// Whether every value of d[0, size) is finite. x * 0 is 0 for a finite x and NaN for NaN or ±inf,
/// so one vectorised sum answers it without a branch per value.
bool all_finite(const double* d, Index size) {
  return (Eigen::Map<const Eigen::ArrayXd>(d, size) * 0.0).sum() == 0.0;
}
}  // namespace

void check_finite(MatrixView X, bool allow_nan, std::string_view what) {
  // Rows in blocks, blocks in parallel; only a block with a value that is not finite is looked
  // at value by value, in block order, so the error raised does not depend on the threads.
  constexpr Index kBlockRows = 1024;
  const Index n = X.rows(), p = X.cols();
  if (n == 0 || p == 0) return;
  const Index n_blocks = (n + kBlockRows - 1) / kBlockRows;
  std::vector<char> clean(static_cast<std::size_t>(n_blocks), 1);
  auto scan = [&](Index b) {
    const Index begin = b * kBlockRows, end = std::min(n, begin + kBlockRows);
    if (X.outerStride() == p) {  // the rows of the block lie one after another
      if (!all_finite(X.row(begin).data(), (end - begin) * p))
        clean[static_cast<std::size_t>(b)] = 0;
      return;
    }
    for (Index r = begin; r < end; ++r)
      if (!all_finite(X.row(r).data(), p)) {
        clean[static_cast<std::size_t>(b)] = 0;
        return;
      }
  };
  if (n * p < (Index{1} << 18)) {
    for (Index b = 0; b < n_blocks; ++b) scan(b);
  } else {
    oneapi::tbb::parallel_for(oneapi::tbb::blocked_range<Index>(0, n_blocks),
                              [&](const oneapi::tbb::blocked_range<Index>& range) {
                                for (Index b = range.begin(); b < range.end(); ++b) scan(b);
                              });
  }
  for (Index b = 0; b < n_blocks; ++b) {
    if (clean[static_cast<std::size_t>(b)]) continue;
    const Index end = std::min(n, (b + 1) * kBlockRows);
    for (Index r = b * kBlockRows; r < end; ++r) check_values(X.row(r).data(), p, allow_nan, what);
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
