#pragma once
// Sums over the rows of a data set in fixed blocks, in parallel on oneTBB: each block's partial
// result is computed by one task and the partials are added in block order, so the result is
// bit-identical for any number of threads (DESIGN.md §3). The losses of the L-BFGS models
// evaluate their value and gradient this way, one pass over X per evaluation.

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>

#include <Eigen/Core>
#include <algorithm>

#include "mlkit/core/types.hpp"

namespace mlkit::linear_model::detail {

/// Rows per block: small enough that a block of X stays in cache between the forward product
/// and the gradient product, large enough that the BLAS calls on it are efficient.
inline constexpr Index kRowBlock = 512;

/// Calls block(begin, end, value, grad) for each block of rows [begin, end) with its own zeroed
/// value and gradient (size dim), and returns the ordered sum of the values; grad_out receives
/// the ordered sum of the gradients.
template <class Block>
double sum_row_blocks(Index n_rows, Index dim, Vector& grad_out, const Block& block) {
  const Index n_blocks = (n_rows + kRowBlock - 1) / kRowBlock;
  Eigen::MatrixXd grads(dim, n_blocks);  // one column per block
  Vector values(n_blocks);
  oneapi::tbb::parallel_for(oneapi::tbb::blocked_range<Index>(0, n_blocks, 1),
                            [&](const oneapi::tbb::blocked_range<Index>& r) {
                              for (Index b = r.begin(); b < r.end(); ++b) {
                                const Index begin = b * kRowBlock;
                                const Index end = std::min(n_rows, begin + kRowBlock);
                                auto g = grads.col(b);
                                g.setZero();
                                double v = 0;
                                block(begin, end, v, g);
                                values[b] = v;
                              }
                            });
  grad_out = Vector::Zero(dim);
  double total = 0;
  for (Index b = 0; b < n_blocks; ++b) {
    total += values[b];
    grad_out += grads.col(b);
  }
  return total;
}

}  // namespace mlkit::linear_model::detail
