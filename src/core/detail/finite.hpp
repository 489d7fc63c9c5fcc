#pragma once
// The branch-free finiteness test behind check_finite, for code that needs the answer rather
// than an error: x * 0 is 0 for a finite x and NaN for NaN or ±infinity, so one vectorised sum
// tells whether a run of values is all finite.

#include <oneapi/tbb/parallel_for.h>

#include <Eigen/Core>
#include <algorithm>
#include <vector>

#include "mlkit/core/types.hpp"

namespace mlkit::detail {

/// Whether every value of d[0, size) is finite.
inline bool all_finite(const double* d, Index size) {
  return (Eigen::Map<const Eigen::ArrayXd>(d, size) * 0.0).sum() == 0.0;
}

/// For each fixed block of @p block_rows rows of X (the last one shorter), whether all its values
/// are finite; the blocks are scanned in parallel unless X is small.
inline std::vector<char> finite_row_blocks(MatrixView X, Index block_rows) {
  const Index n = X.rows(), p = X.cols();
  const Index n_blocks = (n + block_rows - 1) / block_rows;
  std::vector<char> clean(static_cast<std::size_t>(n_blocks), 1);
  auto scan = [&](Index b) {
    const Index begin = b * block_rows, end = std::min(n, begin + block_rows);
    if (X.outerStride() == p) {  // the rows of the block lie one after another
      clean[static_cast<std::size_t>(b)] = all_finite(X.row(begin).data(), (end - begin) * p);
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
    oneapi::tbb::parallel_for(Index{0}, n_blocks, scan);
  }
  return clean;
}

}  // namespace mlkit::detail
