#include "mlkit/metrics/pairwise.hpp"

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>

#include "gpu/mlkit_gpu.hpp"
#include "mlkit/core/context.hpp"
#include "mlkit/core/errors.hpp"
#include "mlkit/core/validation.hpp"

namespace mlkit::metrics {

namespace {

// Rows of X per task: large enough for an efficient GEMM, small enough to balance two cores.
constexpr Index kRowBlock = 256;

Matrix sq_euclidean_cpu(MatrixView X, MatrixView Y, std::optional<int> n_jobs) {
  const Vector xx = X.rowwise().squaredNorm();
  const Vector yy = Y.rowwise().squaredNorm();
  Matrix D(X.rows(), Y.rows());
  Context ctx(n_jobs);
  ctx.run([&] {
    oneapi::tbb::parallel_for(
        oneapi::tbb::blocked_range<Index>(0, X.rows(), kRowBlock),
        [&](const oneapi::tbb::blocked_range<Index>& r) {
          const Index r0 = r.begin(), nr = r.end() - r.begin();
          auto block = D.middleRows(r0, nr);
          block.noalias() = -2.0 * X.middleRows(r0, nr) * Y.transpose();
          block.colwise() += xx.segment(r0, nr);
          block.rowwise() += yy.transpose();
          block = block.cwiseMax(0.0);
        },
        oneapi::tbb::simple_partitioner());
  });
  return D;
}

}  // namespace

Matrix euclidean_distances(MatrixView X, MatrixView Y, bool squared, std::string_view device,
                           std::optional<int> n_jobs) {
  check_not_empty(X, "euclidean_distances");
  check_not_empty(Y, "euclidean_distances");
  if (X.cols() != Y.cols())
    throw InvalidInput(
        "Incompatible dimension for X and Y matrices: X.shape[1] == " + std::to_string(X.cols()) +
        " while Y.shape[1] == " + std::to_string(Y.cols()));
  check_finite(X, false, "X");
  check_finite(Y, false, "Y");
  Matrix D;
  if (resolve_device(device) == Device::Cuda) {
    D.resize(X.rows(), Y.rows());
    // The GPU code reads dense row-major buffers: copy only views that are strided.
    Matrix x_copy, y_copy;
    auto dense = [](MatrixView M, Matrix& copy) {
      if (M.outerStride() == M.cols()) return M.data();
      copy = M;
      return static_cast<const double*>(copy.data());
    };
    const double* x = dense(X, x_copy);
    const double* y = dense(Y, y_copy);
    gpu::sq_euclidean(x, X.rows(), y, Y.rows(), X.cols(), D.data());
  } else {
    D = sq_euclidean_cpu(X, Y, n_jobs);
  }
  // The same rows on both sides (scikit-learn's `X is Y`, or Y=None): each row's distance to
  // itself is exactly zero, not the rounding noise of ||x||² + ||x||² - 2 x·x, whose square
  // root would be ~1e-8.
  if (X.data() == Y.data() && X.rows() == Y.rows() && X.outerStride() == Y.outerStride())
    D.diagonal().setZero();
  if (!squared) D = D.cwiseSqrt();
  return D;
}

Matrix pairwise_distances(MatrixView X, MatrixView Y, std::string_view metric,
                          std::optional<int> n_jobs) {
  if (metric == "euclidean" || metric == "sqeuclidean")
    return euclidean_distances(X, Y, metric == "sqeuclidean", "cpu", n_jobs);
  if (metric != "manhattan" && metric != "cosine")
    throw InvalidParameter("Unknown metric '" + std::string(metric) +
                           "' for pairwise_distances; valid metrics are 'euclidean', "
                           "'sqeuclidean', 'manhattan' and 'cosine'");
  check_not_empty(X, "pairwise_distances");
  check_not_empty(Y, "pairwise_distances");
  if (X.cols() != Y.cols())
    throw InvalidInput(
        "Incompatible dimension for X and Y matrices: X.shape[1] == " + std::to_string(X.cols()) +
        " while Y.shape[1] == " + std::to_string(Y.cols()));
  check_finite(X, false, "X");
  check_finite(Y, false, "Y");
  const bool same =
      X.data() == Y.data() && X.rows() == Y.rows() && X.outerStride() == Y.outerStride();
  Matrix D(X.rows(), Y.rows());
  if (metric == "manhattan") {
    Context ctx(n_jobs);
    ctx.run([&] {
      oneapi::tbb::parallel_for(
          oneapi::tbb::blocked_range<Index>(0, X.rows(), kRowBlock),
          [&](const oneapi::tbb::blocked_range<Index>& r) {
            for (Index i = r.begin(); i < r.end(); ++i)
              for (Index j = 0; j < Y.rows(); ++j) D(i, j) = (X.row(i) - Y.row(j)).cwiseAbs().sum();
          },
          oneapi::tbb::simple_partitioner());
    });
    return D;
  }
  // Cosine, as scikit-learn: rows scaled to unit norm (zero rows left as they are), then
  // 1 - X̂ Ŷᵀ clipped to [0, 2].
  const auto unit = [](MatrixView A) {
    Matrix U = A;
    for (Index i = 0; i < U.rows(); ++i) {
      const double norm = U.row(i).norm();
      if (norm != 0) U.row(i) /= norm;
    }
    return U;
  };
  const Matrix U = unit(X), V = same ? U : unit(Y);
  Context ctx(n_jobs);
  ctx.run([&] {
    oneapi::tbb::parallel_for(
        oneapi::tbb::blocked_range<Index>(0, X.rows(), kRowBlock),
        [&](const oneapi::tbb::blocked_range<Index>& r) {
          const Index r0 = r.begin(), nr = r.end() - r.begin();
          auto block = D.middleRows(r0, nr);
          block.noalias() = U.middleRows(r0, nr) * V.transpose();
          block = (1.0 - block.array()).cwiseMax(0.0).cwiseMin(2.0).matrix();
        },
        oneapi::tbb::simple_partitioner());
  });
  if (same) D.diagonal().setZero();
  return D;
}

}  // namespace mlkit::metrics
