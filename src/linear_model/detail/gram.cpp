#include "src/linear_model/detail/gram.hpp"

#include <oneapi/tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace mlkit::linear_model::detail {

namespace {

// Rows per inner chunk: a chunk of the row-major X is a p × rows column-major matrix, so each
// chunk's contribution is one BLAS syrk and one gemm on a buffer that stays in cache.
constexpr Index kChunkRows = 512;
// Rows per block: the unit of parallel work and of the fixed-order reduction.
constexpr Index kBlockRows = 32768;

// At most this many blocks (each keeps its own p × p partial Gram), and at most 256 MiB of
// partials in all.
Index block_count(Index n, Index p, Index k) {
  const Index by_rows = std::max<Index>(1, (n + kBlockRows - 1) / kBlockRows);
  const double per_block = 8.0 * static_cast<double>(p * p + p * k + p + k);
  const auto by_memory = static_cast<Index>(std::max(1.0, 268435456.0 / per_block));
  return std::min({by_rows, by_memory, Index{64}});
}

template <class Fn>
void for_blocks(Index n, Index blocks, const Fn& fn) {
  oneapi::tbb::parallel_for(
      Index{0}, blocks,
      [&](Index b) {
        const Index lo = n * b / blocks, hi = n * (b + 1) / blocks;
        fn(b, lo, hi);
      },
      oneapi::tbb::simple_partitioner());
}

}  // namespace

CenteredGram centered_gram(MatrixView X, MatrixView Y, const Vector& sw, bool fit_intercept) {
  const Index n = X.rows(), p = X.cols(), k = Y.cols();
  const bool weighted = sw.size() > 0;
  const Index blocks = block_count(n, p, k);
  CenteredGram g;
  g.x_offset = Vector::Zero(p);
  g.y_offset = Vector::Zero(k);
  g.weight_sum = weighted ? sw.sum() : static_cast<double>(n);

  if (fit_intercept) {
    Eigen::MatrixXd xs = Eigen::MatrixXd::Zero(p, blocks), ys = Eigen::MatrixXd::Zero(k, blocks);
    for_blocks(n, blocks, [&](Index b, Index lo, Index hi) {
      for (Index i = lo; i < hi; ++i) {
        const double w = weighted ? sw[i] : 1.0;
        xs.col(b) += w * X.row(i).transpose();
        ys.col(b) += w * Y.row(i).transpose();
      }
    });
    for (Index b = 0; b < blocks; ++b) g.x_offset += xs.col(b), g.y_offset += ys.col(b);
    g.x_offset /= g.weight_sum;
    g.y_offset /= g.weight_sum;
  }

  std::vector<Eigen::MatrixXd> G(static_cast<std::size_t>(blocks)),
      XtY(static_cast<std::size_t>(blocks));
  Eigen::MatrixXd ysq = Eigen::MatrixXd::Zero(k, blocks);
  for_blocks(n, blocks, [&](Index b, Index lo, Index hi) {
    auto& Gb = G[static_cast<std::size_t>(b)];
    auto& Rb = XtY[static_cast<std::size_t>(b)];
    Gb = Eigen::MatrixXd::Zero(p, p);
    Rb = Eigen::MatrixXd::Zero(p, k);
    Eigen::MatrixXd xc(p, kChunkRows), yc(k, kChunkRows);
    for (Index c = lo; c < hi; c += kChunkRows) {
      const Index m = std::min(kChunkRows, hi - c);
      for (Index j = 0; j < m; ++j) {
        const Index i = c + j;
        const double s = weighted ? std::sqrt(sw[i]) : 1.0;
        xc.col(j) = s * (X.row(i).transpose() - g.x_offset);
        yc.col(j) = s * (Y.row(i).transpose() - g.y_offset);
      }
      Gb.selfadjointView<Eigen::Lower>().rankUpdate(xc.leftCols(m));
      Rb.noalias() += xc.leftCols(m) * yc.leftCols(m).transpose();
      ysq.col(b) += yc.leftCols(m).rowwise().squaredNorm();
    }
  });
  g.G = std::move(G[0]);
  g.XtY = std::move(XtY[0]);
  g.y_sq = ysq.col(0);
  for (Index b = 1; b < blocks; ++b) {
    g.G.triangularView<Eigen::Lower>() += G[static_cast<std::size_t>(b)];
    g.XtY += XtY[static_cast<std::size_t>(b)];
    g.y_sq += ysq.col(b);
  }
  g.G.triangularView<Eigen::StrictlyUpper>() = g.G.transpose();
  return g;
}

}  // namespace mlkit::linear_model::detail
