// Squared Euclidean distances on the GPU: one cuBLAS DGEMM for the cross products and a kernel
// that adds the row norms and clips at zero, all on one explicit stream.

#include <cstdint>

#include "gpu/cuda_check.hpp"
#include "gpu/device_memory.hpp"
#include "gpu/mlkit_gpu.hpp"

namespace mlkit::gpu {

namespace {

// One warp per row: strided partial sums, then a shuffle reduction.
__global__ void row_sq_norms(const double* __restrict__ A, std::int64_t rows, std::int64_t d,
                             double* __restrict__ out) {
  const std::int64_t warp = (static_cast<std::int64_t>(blockIdx.x) * blockDim.x + threadIdx.x) / 32;
  const int lane = threadIdx.x % 32;
  if (warp >= rows) return;
  const double* row = A + warp * d;
  double s = 0.0;
  for (std::int64_t k = lane; k < d; k += 32) s += row[k] * row[k];
  for (int off = 16; off > 0; off /= 2) s += __shfl_down_sync(0xffffffffu, s, off);
  if (lane == 0) out[warp] = s;
}

// D holds -2 X·Yᵀ (row-major n × m); add the norms and clip.
__global__ void add_norms_clip(double* __restrict__ D, const double* __restrict__ xx,
                               const double* __restrict__ yy, std::int64_t n, std::int64_t m) {
  const std::int64_t idx = static_cast<std::int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (idx >= n * m) return;
  const std::int64_t i = idx / m, j = idx % m;
  const double v = D[idx] + xx[i] + yy[j];
  D[idx] = v > 0.0 ? v : 0.0;
}

unsigned blocks_for(std::int64_t work, unsigned threads) {
  return static_cast<unsigned>((work + threads - 1) / threads);
}

}  // namespace

bool built_with_cuda() { return true; }

int device_count() {
  int n = 0;
  if (cudaGetDeviceCount(&n) != cudaSuccess) {
    cudaGetLastError();  // clear the sticky "no device" error
    return 0;
  }
  return n;
}

void sq_euclidean(const double* X, std::int64_t n, const double* Y, std::int64_t m, std::int64_t d,
                  double* D) {
  constexpr std::int64_t int_max = 2147483647;
  if (n > int_max || m > int_max || d > int_max)
    throw DeviceError("sq_euclidean: each dimension must fit a 32-bit cuBLAS argument");
  Stream stream;
  CublasHandle blas(stream.get());
  DeviceBuffer<double> dX(static_cast<std::size_t>(n * d), stream.get());
  DeviceBuffer<double> dY(static_cast<std::size_t>(m * d), stream.get());
  DeviceBuffer<double> dD(static_cast<std::size_t>(n * m), stream.get());
  DeviceBuffer<double> xx(static_cast<std::size_t>(n), stream.get());
  DeviceBuffer<double> yy(static_cast<std::size_t>(m), stream.get());
  dX.copy_from_host(X);
  dY.copy_from_host(Y);
  constexpr unsigned threads = 256;
  row_sq_norms<<<blocks_for(n * 32, threads), threads, 0, stream.get()>>>(dX.data(), n, d,
                                                                          xx.data());
  MLKIT_CUDA_TRY(cudaGetLastError());
  row_sq_norms<<<blocks_for(m * 32, threads), threads, 0, stream.get()>>>(dY.data(), m, d,
                                                                          yy.data());
  MLKIT_CUDA_TRY(cudaGetLastError());
  // Row-major D (n × m) is column-major Dᵀ (m × n) = Y · Xᵀ with the row-major inputs read as
  // column-major d × m and d × n matrices: Dᵀ = (Y_cm)ᵀ · X_cm.
  const double alpha = -2.0, beta = 0.0;
  MLKIT_CUBLAS_TRY(cublasDgemm(blas.get(), CUBLAS_OP_T, CUBLAS_OP_N, static_cast<int>(m),
                               static_cast<int>(n), static_cast<int>(d), &alpha, dY.data(),
                               static_cast<int>(d), dX.data(), static_cast<int>(d), &beta,
                               dD.data(), static_cast<int>(m)));
  add_norms_clip<<<blocks_for(n * m, threads), threads, 0, stream.get()>>>(dD.data(), xx.data(),
                                                                           yy.data(), n, m);
  MLKIT_CUDA_TRY(cudaGetLastError());
  dD.copy_to_host(D);
  stream.synchronize();
}

}  // namespace mlkit::gpu
